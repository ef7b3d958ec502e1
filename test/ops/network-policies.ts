import type { Manifest } from './kustomize';

// NetworkPolicy's ingress semantics, for reading the rendered policies as a cluster would:
// a pod selected by no policy takes any connection; a selected one only what some rule admits.
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
export interface NetworkPolicy extends Manifest {
  spec: { podSelector: LabelSelector; policyTypes?: string[]; ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[]; egress?: unknown[] };
}

/** A pod as the policies see it: its labels, its namespace's labels and its named ports. */
export interface Pod {
  namespace: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
  ports: { name?: string; containerPort: number }[];
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const { matchLabels = {}, matchExpressions = [] } = selector;
  const has = (key: string) => Object.hasOwn(labels, key);
  return (
    Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
    matchExpressions.every(({ key, operator, values = [] }) => {
      if (operator === 'In') return has(key) && values.includes(labels[key]);
      if (operator === 'NotIn') return !has(key) || !values.includes(labels[key]);
      return operator === 'Exists' ? has(key) : !has(key);
    })
  );
}

const policyTypes = (policy: NetworkPolicy) => policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];

function peerMatches(peer: PolicyPeer, policy: NetworkPolicy, from: Pod): boolean {
  // Pods have no fixed addresses, so an address block cannot be read against one.
  if (peer.ipBlock) throw new Error(`NetworkPolicy/${policy.metadata.name}: ipBlock peers are not modelled by this check`);
  const namespaceMatches = peer.namespaceSelector ? selects(peer.namespaceSelector, from.namespaceLabels) : from.namespace === policy.metadata.namespace;
  return namespaceMatches && (!peer.podSelector || selects(peer.podSelector, from.labels));
}

function portMatches(rulePort: PolicyPort, to: Pod, port: number): boolean {
  if ((rulePort.protocol ?? 'TCP') !== 'TCP') return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === 'string') return to.ports.some((p) => p.name === rulePort.port && p.containerPort === port);
  return port >= rulePort.port && port <= (rulePort.endPort ?? rulePort.port);
}

/** Whether the policies let `from` open a TCP connection to `to` on `port` (ingress rules; none here limit egress). */
export function admits(policies: NetworkPolicy[], from: Pod, to: Pod, port: number): boolean {
  const applying = policies.filter((p) => p.metadata.namespace === to.namespace && policyTypes(p).includes('Ingress') && selects(p.spec.podSelector, to.labels));
  if (applying.length === 0) return true;
  return applying.some((policy) =>
    (policy.spec.ingress ?? []).some((rule) => {
      const fromAllowed = !rule.from?.length || rule.from.some((peer) => peerMatches(peer, policy, from));
      const portAllowed = !rule.ports?.length || rule.ports.some((p) => portMatches(p, to, port));
      return fromAllowed && portAllowed;
    }),
  );
}
