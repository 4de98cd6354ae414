import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';

interface Validatable {
  validate(): void;
}

/**
 * The kubernetes-models class for each built-in kind Helios applies (and cert-manager's ClusterIssuer),
 * by `apiVersion kind`. Its validate() throws on a wrong type or a missing required field.
 */
export const BUILTIN_MODELS: ReadonlyMap<string, new (data: never) => Validatable> = new Map<
  string,
  new (data: never) => Validatable
>([
  ['v1 Namespace', Namespace],
  ['v1 ConfigMap', ConfigMap],
  ['v1 Secret', Secret],
  ['v1 Service', Service],
  ['v1 ServiceAccount', ServiceAccount],
  ['apps/v1 StatefulSet', StatefulSet],
  ['apps/v1 Deployment', Deployment],
  ['batch/v1 Job', Job],
  ['rbac.authorization.k8s.io/v1 Role', Role],
  ['rbac.authorization.k8s.io/v1 RoleBinding', RoleBinding],
  ['cert-manager.io/v1 ClusterIssuer', ClusterIssuer],
]);
