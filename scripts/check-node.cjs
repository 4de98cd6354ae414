// Runs before `npm start` and `npm test`, on whatever Node is installed, so an old one gets a clear
// message instead of "Unknown file extension .ts". CommonJS and old syntax on purpose.
'use strict';
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < 22 || (parts[0] === 22 && parts[1] < 12)) {
  console.error(
    'Helios needs Node.js 22.12 or newer (Node 24 LTS recommended); this is ' + process.version + '.\n' +
      'Install Node 24, for example from the npm registry: npm install -g node@24'
  );
  process.exit(1);
}
