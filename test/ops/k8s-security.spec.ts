import { join } from 'node:path';
import type { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import type { MessagingConfig } from '../../libs/messaging/src/messaging.config';
import { loadServiceCredential } from '../../libs/runtime/src/security/service-credential';
import { RenderedPlatform, Service, Workload } from './k8s-objects';
import { Manifest, renderKustomization } from './kustomize';
import { admits, NetworkPolicy, Pod } from './network-policies';
import { appsUsingServiceCredential, deployedApps, DeployedApp, loadAppConfig, metricsPath, repoRoot } from './platform-apps';

// Reads the rendered manifests for what production needs from the security settings: each app's
// own loaders run on the container's resolved environment, credentials arrive from Secrets, and
// the NetworkPolicies admit exactly the connections the apps' settings say they make.
const manifests = renderKustomization(join(repoRoot, 'k8s')).manifests;
const platform = new RenderedPlatform(manifests);
const containerOf = (from: RenderedPlatform, app: string) => from.get<Workload>('Deployment', app).spec.template.spec.containers[0];

interface Ingress extends Manifest {
  spec: { ingressClassName?: string; rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[] };
}
const ingressHosts = (from: RenderedPlatform) => from.all<Ingress>('Ingress').flatMap((ingress) => ingress.spec.rules.map((rule) => rule.host));

/** A variable whose name says it is a credential, which only a Secret may give the pod. */
const credentialName = /SECRET|PASSWORD|TOKEN|CREDENTIAL/i;

function credentialsOutsideSecrets(from: RenderedPlatform, app: DeployedApp): string[] {
  const container = containerOf(from, app);
  return Object.keys(from.environment(container))
    .filter((name) => credentialName.test(name) && from.sourceOf(container, name) !== 'Secret')
    .map((name) => `${app}'s ${name} comes from a ${from.sourceOf(container, name)}, not a Secret`);
}

/** Why the rendered gateway would be unsafe in production, one sentence each; none when it is sound. */
function gatewaySecurityProblems(from: RenderedPlatform): string[] {
  const { auth, security } = loadAppConfig<GatewayConfig>('gateway', from.environment(containerOf(from, 'gateway')));
  const problems = credentialsOutsideSecrets(from, 'gateway');
  if (auth.mode !== 'required') problems.push(`GATEWAY_AUTH_MODE is ${auth.mode}: calls without a token would go through`);
  if (auth.jwtSecretGenerated) problems.push("no GATEWAY_JWT_SECRET: each replica would sign with its own random key and refuse the others' tokens");
  for (const user of auth.users) {
    if (!user.passwordHash) problems.push(`${user.username} has no GATEWAY_USER_<NAME>_PASSWORD_HASH${user.password ? ' but a plain password' : ' and cannot log in'}`);
    else if (!user.passwordHash.startsWith('$argon2id$')) problems.push(`${user.username}'s password hash is not an argon2id PHC string`);
  }
  // One ingress in front: 0 would rate-limit the ingress as a single client, more would trust the client's own X-Forwarded-For.
  if (security.trustedProxyHops !== 1) problems.push(`GATEWAY_TRUSTED_PROXY_HOPS is ${security.trustedProxyHops}, not 1 (the ingress)`);
  const foreign = security.corsOrigins.filter((origin) => !ingressHosts(from).includes(new URL(origin).hostname));
  if (foreign.length > 0) problems.push(`GATEWAY_CORS_ORIGINS names ${foreign.join(', ')}, not the Ingress's host`);
  return problems;
}

/** Why an app that guards or calls internal endpoints would fail across pods; none when it is sound. */
function serviceCredentialProblems(from: RenderedPlatform, app: DeployedApp): string[] {
  const env = from.environment(containerOf(from, app));
  loadAppConfig(app, env);
  if (loadServiceCredential(env).token === undefined) {
    return [`${app} has no SERVICE_TOKEN: its internal endpoints answer loopback callers only, and other pods refuse its calls`];
  }
  return credentialsOutsideSecrets(from, app);
}

describe('credentials', () => {
  it('finds in the code that book, payment and ticket guard or call internal endpoints', () => {
    expect(appsUsingServiceCredential()).toEqual(['book', 'payment', 'ticket']);
  });

  it.each(appsUsingServiceCredential())('gives %s the services\' credential from a Secret', (app) => {
    expect(serviceCredentialProblems(platform, app)).toEqual([]);
  });

  it('gives every app that uses the services\' credential the same one', () => {
    const tokens = appsUsingServiceCredential().map((app) => loadServiceCredential(platform.environment(containerOf(platform, app))).token);
    expect(new Set(tokens).size).toBe(1);
  });

  it('runs the gateway with authentication required, a shared signing key and argon2id hashes from a Secret, behind one proxy', () => {
    expect(gatewaySecurityProblems(platform)).toEqual([]);
  });

  it.each(deployedApps)('passes %s no credential except from a Secret', (app) => {
    expect(credentialsOutsideSecrets(platform, app)).toEqual([]);
  });
});

describe('the credential checks themselves', () => {
  const withContainerOf = (app: string, change: (env: { name: string; value?: string; valueFrom?: unknown }[]) => void) => {
    const copy = structuredClone(manifests);
    const container = new RenderedPlatform(copy).get<Workload>('Deployment', app).spec.template.spec.containers[0];
    change((container.env ??= []));
    return new RenderedPlatform(copy);
  };

  it('catch a service without SERVICE_TOKEN', () => {
    const broken = withContainerOf('book', (env) => env.splice(env.findIndex((v) => v.name === 'SERVICE_TOKEN'), 1));
    expect(serviceCredentialProblems(broken, 'book').join('\n')).toMatch(/book has no SERVICE_TOKEN/);
  });

  it('catch a gateway without GATEWAY_JWT_SECRET', () => {
    const broken = withContainerOf('gateway', (env) => env.splice(env.findIndex((v) => v.name === 'GATEWAY_JWT_SECRET'), 1));
    expect(gatewaySecurityProblems(broken).join('\n')).toMatch(/no GATEWAY_JWT_SECRET/);
  });

  it('catch a signing key written into the Deployment instead of a Secret', () => {
    const broken = withContainerOf('gateway', (env) => Object.assign(env.find((v) => v.name === 'GATEWAY_JWT_SECRET')!, { valueFrom: undefined, value: 'x'.repeat(40) }));
    expect(gatewaySecurityProblems(broken).join('\n')).toMatch(/GATEWAY_JWT_SECRET comes from a value, not a Secret/);
  });

  it('catch a user left without a password hash', () => {
    const broken = withContainerOf('gateway', (env) => env.splice(env.findIndex((v) => v.name === 'GATEWAY_USER_CLERK_PASSWORD_HASH'), 1));
    expect(gatewaySecurityProblems(broken).join('\n')).toMatch(/clerk has no GATEWAY_USER_<NAME>_PASSWORD_HASH and cannot log in/);
  });
});

// Every pod of the platform, and the pods outside it that matter: the ingress controller
// (ingress-nginx as its chart installs it), Prometheus (kube-prometheus-stack), and strangers.
const namespace = platform.all('Namespace')[0];
const namespaceLabels = { 'kubernetes.io/metadata.name': namespace.metadata.name, ...namespace.metadata.labels };
const workloads = [...platform.all<Workload>('Deployment'), ...platform.all<Workload>('StatefulSet')];
const podOf = (workload: Workload): Pod => ({
  namespace: namespace.metadata.name,
  namespaceLabels,
  labels: workload.spec.template.metadata.labels,
  ports: workload.spec.template.spec.containers.flatMap((c) => c.ports ?? []),
});
const podElsewhere = (name: string, labels: Record<string, string>): Pod => ({ namespace: name, namespaceLabels: { 'kubernetes.io/metadata.name': name }, labels, ports: [] });
const INGRESS_CONTROLLER = 'the ingress controller';
const PROMETHEUS = 'Prometheus';
const sources: Record<string, Pod> = {
  ...Object.fromEntries(workloads.map((workload) => [workload.metadata.name, podOf(workload)])),
  [INGRESS_CONTROLLER]: podElsewhere('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }),
  [PROMETHEUS]: podElsewhere('monitoring', { 'app.kubernetes.io/name': 'prometheus' }),
  'a stranger in the namespace': { namespace: namespace.metadata.name, namespaceLabels, labels: { run: 'debug' }, ports: [] },
  'a gateway-labelled pod in another namespace': podElsewhere('default', { 'app.kubernetes.io/name': 'gateway' }),
};

/** A Kafka bootstrap address `<pod>.<headless service>:<port>`: the StatefulSet behind it and the port. */
function brokerBehind(address: string): { workload: Workload; port: number } | undefined {
  const [host, port] = address.split(':');
  const [pod, serviceName] = host.split('.');
  const workload = platform.all<Workload>('StatefulSet').find((s) => s.spec.serviceName === serviceName && pod.startsWith(`${s.metadata.name}-`));
  return workload && { workload, port: Number(port) };
}

/** `<source> -> <workload>:<port>` for every connection the settings say is made: service URLs, brokers, the Ingress, scraping. */
function connectionsTheSettingsName(): string[] {
  const connections = new Set<string>();
  const add = (source: string, target: { workload: Workload; port: number } | undefined) => target && connections.add(`${source} -> ${target.workload.metadata.name}:${target.port}`);
  const asUrl = (value: string) => URL.canParse(value) ? value : undefined;
  for (const app of deployedApps) {
    const env = platform.environment(containerOf(platform, app));
    for (const url of Object.values(env).map(asUrl).filter(Boolean)) add(app, platform.endpointBehind(url!));
    const { messaging } = loadAppConfig<{ messaging?: MessagingConfig }>(app, env);
    if (messaging?.transport === 'kafka') for (const broker of messaging.brokers) add(app, brokerBehind(broker));
  }
  for (const ingress of platform.all<Ingress>('Ingress')) {
    for (const { backend } of ingress.spec.rules.flatMap((rule) => rule.http.paths)) {
      const service = platform.get<Service>('Service', backend.service.name);
      const port = service.spec.ports.find((p) => p.name === backend.service.port.name || p.port === backend.service.port.number)!;
      add(INGRESS_CONTROLLER, platform.endpointBehind(`http://${service.metadata.name}:${port.port}`));
    }
  }
  for (const workload of workloads) {
    const annotations = workload.spec.template.metadata.annotations ?? {};
    if (annotations['prometheus.io/scrape'] === 'true') add(PROMETHEUS, { workload, port: Number(annotations['prometheus.io/port']) });
  }
  return [...connections].sort();
}

describe('the NetworkPolicies', () => {
  const policies = platform.all<NetworkPolicy>('NetworkPolicy');
  const expected = connectionsTheSettingsName();
  const admittedTo = (target: Workload, from: NetworkPolicy[] = policies) =>
    Object.entries(sources).flatMap(([source, pod]) =>
      podOf(target).ports.filter((port) => admits(from, pod, podOf(target), port.containerPort)).map((port) => `${source} -> ${target.metadata.name}:${port.containerPort}`),
    );

  it.each(workloads.map((w) => [w.metadata.name, w] as const))('let into %s only the connections the settings name', (name, workload) => {
    expect(admittedTo(workload).sort()).toEqual(expected.filter((connection) => connection.split(' -> ')[1].startsWith(`${name}:`)));
  });

  it('include the connections the security design relies on', () => {
    expect(expected).toEqual(expect.arrayContaining(['book -> payment:8082', 'ticket -> book:8081', `${INGRESS_CONTROLLER} -> gateway:8088`, 'book -> mysql:3306', 'ticket -> kafka:9092']));
  });

  it('are read the way a cluster reads them: a pod no policy selects takes any connection', () => {
    const book = platform.get<Workload>('Deployment', 'book');
    const selectingBook = new Set(['default-deny-ingress', 'allow-prometheus-scrape', 'book']);
    expect(admittedTo(book, policies.filter((policy) => !selectingBook.has(policy.metadata.name)))).toContain('a stranger in the namespace -> book:8081');
  });
});

/** The Ingress path a request takes, as the Ingress API defines it: an Exact match, else the longest Prefix. */
function ingressRouteOf(host: string, path: string): { ingress: Ingress; serviceName: string } | undefined {
  const candidates = platform.all<Ingress>('Ingress').flatMap((ingress) =>
    ingress.spec.rules.filter((rule) => rule.host === host).flatMap((rule) => rule.http.paths.map((entry) => ({ ingress, entry }))),
  );
  const prefixMatches = (prefix: string) => prefix === '/' || path === prefix.replace(/\/$/, '') || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const exact = candidates.find(({ entry }) => entry.pathType === 'Exact' && entry.path === path);
  const prefix = candidates.filter(({ entry }) => entry.pathType === 'Prefix' && prefixMatches(entry.path)).sort((a, b) => b.entry.path.length - a.entry.path.length)[0];
  const route = exact ?? prefix;
  return route && { ingress: route.ingress, serviceName: route.entry.backend.service.name };
}

const deniesEveryone = (ingress: Ingress) => {
  const ranges = (ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/denylist-source-range'] ?? '').split(',').map((r) => r.trim());
  return ranges.includes('0.0.0.0/0') && ranges.includes('::/0');
};

describe('the way in', () => {
  const host = 'movie-booking.local';
  const gatewayClass = platform.get<Ingress>('Ingress', 'gateway').spec.ingressClassName;

  it.each([metricsPath(), `${metricsPath()}/`, `${metricsPath()}/anything`])("refuses %s, which the gateway serves on the ingress's port, to every client address", (path) => {
    const route = ingressRouteOf(host, path);
    expect(route?.serviceName).toBe('gateway');
    expect(deniesEveryone(route!.ingress)).toBe(true);
    expect(route!.ingress.spec.ingressClassName).toBe(gatewayClass);
  });

  it.each(['/', '/movies', '/auth/login', '/health/ready', '/docs', `${metricsPath()}-like`])('lets %s through to the gateway', (path) => {
    const route = ingressRouteOf(host, path);
    expect(route?.serviceName).toBe('gateway');
    expect(deniesEveryone(route!.ingress)).toBe(false);
  });
});
