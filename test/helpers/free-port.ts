/** Tests ask for a free port the way the local cluster does for its children (port 0 means 8080 to faas-js-runtime). */
export { freePort } from '../../cluster/local/src/supervisor/free-port.ts';
