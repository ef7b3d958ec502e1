import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { MIGRATION_LOCK_WAIT_SECONDS } from '../../libs/persistence/src/migrations';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../../libs/runtime/src/http/run-app-process';
import { Container, Probe, RenderedPlatform, Service, Workload } from './k8s-objects';
import { renderKustomization } from './kustomize';
import { DeployedApp, deployedApps, healthPaths, loadAppAddress, repoRoot } from './platform-apps';

// Reads the rendered manifests against the code: the ports and hosts each app's own config loader
// derives from the ConfigMaps and Secrets, the paths the health controller serves, the shutdown
// ceiling the platform promises.
const platform = new RenderedPlatform(renderKustomization(join(repoRoot, 'k8s')).manifests);
const health = healthPaths();
/** The runtime stage's working directory, where relative SQLite paths land. */
const workdir = [...readFileSync(join(repoRoot, 'Dockerfile'), 'utf8').matchAll(/^WORKDIR (\S+)$/gm)].at(-1)![1];

const deployment = (app: string) => platform.get<Workload>('Deployment', app);
const container = (app: string): Container => deployment(app).spec.template.spec.containers[0];
const environment = (app: string) => platform.environment(container(app));
const probePort = (app: string, probe: Probe | undefined) => platform.containerPort(container(app), probe?.httpGet?.port ?? -1);
const databaseUrl = (app: DeployedApp) => environment(app)[`${app.toUpperCase()}_DB_URL`];

/** The app whose pods a URL reaches: its host names a Service whose port targets that app's container port. */
const appBehind = (url: string): string | undefined => platform.endpointBehind(url)?.workload.metadata.name;

describe.each(deployedApps)('the %s Deployment', (app) => {
  it('listens on 0.0.0.0 at the port its container declares, as its own config loader reads the environment', () => {
    const address = loadAppAddress(app, environment(app));
    expect(address.host).toBe('0.0.0.0');
    expect(container(app).ports?.map((p) => p.containerPort)).toEqual([address.port]);
  });

  it('probes readiness at /health/ready and liveness and start-up at /health/live, on the app port', () => {
    const { port } = loadAppAddress(app, environment(app));
    const { readinessProbe, livenessProbe, startupProbe } = container(app);
    expect([readinessProbe?.httpGet?.path, livenessProbe?.httpGet?.path, startupProbe?.httpGet?.path]).toEqual([health.ready, health.live, health.live]);
    expect([probePort(app, readinessProbe), probePort(app, livenessProbe), probePort(app, startupProbe)]).toEqual([port, port, port]);
  });

  it('rolls out one extra pod at a time and never takes one away first', () => {
    expect(deployment(app).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  it('pauses before SIGTERM and leaves the graceful shutdown time to finish', () => {
    const preStop = container(app).lifecycle?.preStop;
    const pause = preStop?.sleep?.seconds ?? Number(/^sleep$/.test(preStop?.exec?.command[0] ?? '') ? preStop?.exec?.command[1] : NaN);
    expect(pause).toBeGreaterThanOrEqual(3);
    // Each app's process ends itself once its close takes longer than SHUTDOWN_TIMEOUT_MS (runAppProcess).
    const ceilingSeconds = Number(environment(app).SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(deployment(app).spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(pause + ceilingSeconds);
  });

  it('requests and limits CPU and memory', () => {
    const { requests, limits } = container(app).resources ?? {};
    expect(Object.keys(requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(limits ?? {}).sort()).toEqual(['cpu', 'memory']);
  });

  it('is scraped by Prometheus on its own port', () => {
    const annotations = deployment(app).spec.template.metadata.annotations ?? {};
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(Number(annotations['prometheus.io/port'])).toBe(container(app).ports?.[0].containerPort);
  });

  it('is reached through a Service named after it', () => {
    const service = platform.get<Service>('Service', app);
    expect(appBehind(`http://${app}:${service.spec.ports[0].port}`)).toBe(app);
  });

  it('gets no service-link variables, which would collide with <APP>_PORT', () => {
    expect(deployment(app).spec.template.spec.enableServiceLinks).toBe(false);
  });
});

describe('configuration and persistence', () => {
  it('keeps no credentials in any ConfigMap', () => {
    for (const configMap of platform.all('ConfigMap')) {
      const data = platform.data('ConfigMap', configMap.metadata.name) ?? {};
      expect(Object.keys(data).filter((key) => /password|secret|token|credential/i.test(key))).toEqual([]);
      expect(Object.values(data).filter((value) => /:\/\/[^/\s@:]+:[^@\s]+@/.test(value))).toEqual([]);
    }
  });

  it.each(['book', 'payment', 'mypage', 'notification', 'gateway'] as const)('stores %s in its own MySQL database, with the URL from a Secret', (app) => {
    const variable = container(app).env?.find((v) => v.name === `${app.toUpperCase()}_DB_URL`);
    expect(variable?.valueFrom?.secretKeyRef).toBeDefined();
    const url = new URL(databaseUrl(app));
    expect([url.protocol, url.hostname, url.port, url.pathname, url.username]).toEqual(['mysql:', 'mysql', '3306', `/movie_${app}`, app]);
    expect(decodeURIComponent(url.password)).toBe(platform.data('Secret', 'mysql-credentials')?.[`${app}-password`]);
  });

  it('creates on first start the database and user of every app that stores its data in MySQL', () => {
    const mysql = platform.get<Workload>('StatefulSet', 'mysql').spec.template.spec.containers[0];
    const script = Object.values(platform.data('ConfigMap', 'mysql-init') ?? {}).join('\n');
    const initialised = /for app in ([\w ]+); do/.exec(script)?.[1].split(' ') ?? [];
    const onMysql = deployedApps.filter((app) => databaseUrl(app)?.startsWith('mysql:'));
    expect(initialised.sort()).toEqual([...onMysql].sort());
    for (const app of onMysql) {
      expect(mysql.env?.find((v) => v.name === `${app.toUpperCase()}_DB_PASSWORD`)?.valueFrom?.secretKeyRef).toEqual({ name: 'mysql-credentials', key: `${app}-password` });
    }
  });

  it.each(['book', 'payment', 'mypage', 'notification', 'gateway'] as const)(
    "lets %s start for longer than it waits for another pod's migrations, so the start-up probe does not kill it first",
    (app) => {
      // Kubernetes' defaults: no delay, every 10 s, 3 failures.
      const { initialDelaySeconds = 0, periodSeconds = 10, failureThreshold = 3 } = container(app).startupProbe ?? {};
      expect(initialDelaySeconds + periodSeconds * failureThreshold).toBeGreaterThan(MIGRATION_LOCK_WAIT_SECONDS);
    },
  );

  it('keeps ticket in SQLite on a volume of its own that survives restarts', () => {
    const url = databaseUrl('ticket');
    expect(url).toMatch(/^sqlite:/);
    const file = posix.resolve(workdir, url.slice('sqlite:'.length));
    const mount = container('ticket').volumeMounts?.find((m) => file.startsWith(`${m.mountPath}/`));
    const volume = deployment('ticket').spec.template.spec.volumes?.find((v) => v.name === mount?.name);
    const claim = volume?.persistentVolumeClaim?.claimName;
    expect(platform.get('PersistentVolumeClaim', claim ?? '(none)')).toBeDefined();
  });

  it('gives every app with a database a store no other app shares', () => {
    const stores = deployedApps.map(databaseUrl).filter(Boolean).map((url) => (url.startsWith('mysql:') ? new URL(url).pathname : url));
    expect(new Set(stores).size).toBe(stores.length);
  });

  it.each([
    ['gateway', 'GATEWAY_BOOK_URL', 'book'],
    ['gateway', 'GATEWAY_PAYMENT_URL', 'payment'],
    ['gateway', 'GATEWAY_MYPAGE_URL', 'mypage'],
    ['gateway', 'GATEWAY_TICKET_URL', 'ticket'],
    ['gateway', 'GATEWAY_NOTIFICATION_URL', 'notification'],
    ['book', 'BOOK_PAYMENT_URL', 'payment'],
    ['ticket', 'TICKET_BOOK_URL', 'book'],
  ] as const)('%s reaches %s through a Service in front of %s', (app, variable, target) => {
    expect(appBehind(environment(app)[variable])).toBe(target);
  });
});

describe('Kafka, MySQL, scaling and the way in', () => {
  it('runs a single-node KRaft Kafka from the official image, on a volume, advertised where the apps look for it', () => {
    const kafka = platform.get<Workload>('StatefulSet', 'kafka');
    const broker = kafka.spec.template.spec.containers[0];
    const env = platform.environment(broker);
    expect(broker.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.spec.volumeClaimTemplates).toHaveLength(1);
    expect(platform.get<Service>('Service', kafka.spec.serviceName!).spec.clusterIP).toBe('None');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://${kafka.metadata.name}-0.${kafka.spec.serviceName}:9092`);
    for (const app of deployedApps) expect(`PLAINTEXT://${environment(app).KAFKA_BROKERS}`).toBe(env.KAFKA_ADVERTISED_LISTENERS);
  });

  it('runs MySQL from a StatefulSet on a volume, its root password from the Secret', () => {
    const mysql = platform.get<Workload>('StatefulSet', 'mysql');
    expect(mysql.spec.volumeClaimTemplates).toHaveLength(1);
    const root = mysql.spec.template.spec.containers[0].env?.find((v) => v.name === 'MYSQL_ROOT_PASSWORD');
    expect(root?.valueFrom?.secretKeyRef?.name).toBe('mysql-credentials');
  });

  it('autoscales payment on CPU from 2 to 10 replicas at a sustained-load target', () => {
    const hpa = platform.get('HorizontalPodAutoscaler', 'payment') as unknown as {
      spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: { resource: { name: string; target: { averageUtilization: number } } }[] };
    };
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'payment' });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 10]);
    const [cpu] = hpa.spec.metrics;
    expect(cpu.resource.name).toBe('cpu');
    expect(cpu.resource.target.averageUtilization).toBeGreaterThanOrEqual(50);
    expect(cpu.resource.target.averageUtilization).toBeLessThanOrEqual(85);
  });

  it('leaves the replica count of an autoscaled deployment to its autoscaler, so re-applying the manifests does not reset it', () => {
    const autoscaled = (platform.all('HorizontalPodAutoscaler') as unknown as { spec: { scaleTargetRef: { name: string } } }[]).map((hpa) => hpa.spec.scaleTargetRef.name);
    expect(autoscaled).toContain('payment');
    for (const app of autoscaled) expect(deployment(app).spec.replicas).toBeUndefined();
  });

  it('guards every app that runs more than one pod with a disruption budget that still lets a node drain', () => {
    const budgets = platform.all('PodDisruptionBudget') as unknown as { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }[];
    // An autoscaled deployment runs at least its autoscaler's minimum.
    const replicas = (app: (typeof deployedApps)[number]) =>
      deployment(app).spec.replicas ?? (platform.all('HorizontalPodAutoscaler') as unknown as { spec: { scaleTargetRef: { name: string }; minReplicas: number } }[])
        .find((hpa) => hpa.spec.scaleTargetRef.name === app)?.spec.minReplicas ?? 1;
    expect(replicas('payment')).toBe(2);
    for (const app of deployedApps.filter((a) => replicas(a) > 1)) {
      const labels = deployment(app).spec.template.metadata.labels;
      const budget = budgets.find((b) => Object.entries(b.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
      expect(budget?.spec.minAvailable).toBeLessThan(replicas(app));
    }
  });

  it('lets traffic in through the Ingress to the gateway only', () => {
    const ingress = platform.all('Ingress') as unknown as { spec: { rules: { http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[] } }[];
    const backends = ingress.flatMap((i) => i.spec.rules.flatMap((rule) => rule.http.paths.map((path) => path.backend.service)));
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      const service = platform.get<Service>('Service', backend.name);
      const port = service.spec.ports.find((p) => p.name === backend.port.name || p.port === backend.port.number)!;
      expect(appBehind(`http://${backend.name}:${port.port}`)).toBe('gateway');
    }
  });
});
