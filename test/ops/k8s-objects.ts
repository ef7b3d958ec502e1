import type { Manifest } from './kustomize';

// Narrow views of the rendered objects, for the checks that read across them.
export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}
type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef };
};
type KeyRef = { name: string; key: string; optional?: boolean };
export interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
}
export interface PodSpec {
  containers: Container[];
  enableServiceLinks?: boolean;
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}
export interface Workload extends Manifest {
  spec: {
    replicas?: number;
    serviceName?: string;
    selector: { matchLabels: Record<string, string> };
    strategy?: { type: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
    volumeClaimTemplates?: unknown[];
  };
}
export interface Service extends Manifest {
  spec: { clusterIP?: string; selector: Record<string, string>; ports: { name?: string; port: number; targetPort?: number | string }[] };
}

export class RenderedPlatform {
  constructor(readonly manifests: Manifest[]) {}

  all<T extends Manifest>(kind: string): T[] {
    return this.manifests.filter((manifest) => manifest.kind === kind) as T[];
  }

  get<T extends Manifest>(kind: string, name: string): T {
    const found = this.manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name} in k8s/`);
    return found as T;
  }

  /** Key/value data of a ConfigMap or Secret, base64 `data` decoded. */
  data(kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | undefined {
    const found = this.manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name) as
      | (Manifest & { data?: Record<string, string>; stringData?: Record<string, string> })
      | undefined;
    if (!found) return undefined;
    const decoded = kind === 'Secret' ? Object.fromEntries(Object.entries(found.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])) : found.data;
    return { ...decoded, ...found.stringData };
  }

  /** The environment a container starts with, resolved the way the kubelet does (envFrom, then env). */
  environment(container: Container): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      const [kind, name] = source.configMapRef ? (['ConfigMap', source.configMapRef.name] as const) : (['Secret', source.secretRef!.name] as const);
      const data = this.data(kind, name);
      if (!data) throw new Error(`${container.name} reads ${kind} ${name}, which k8s/ does not define`);
      Object.assign(env, data);
    }
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
      if (!ref) {
        env[variable.name] = variable.value ?? '';
        continue;
      }
      const value = this.data(variable.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name)?.[ref.key];
      if (value !== undefined) env[variable.name] = value;
      else if (!ref.optional) throw new Error(`${container.name} needs ${ref.name}/${ref.key}, which k8s/ does not define`);
    }
    return env;
  }

  /** Where a container's variable comes from, by the same precedence (env over envFrom, later envFrom over earlier). */
  sourceOf(container: Container, name: string): 'Secret' | 'ConfigMap' | 'value' | undefined {
    const variable = container.env?.find((v) => v.name === name);
    if (variable) return variable.valueFrom?.secretKeyRef ? 'Secret' : variable.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'value';
    const source = [...(container.envFrom ?? [])].reverse().find((from) => {
      const [kind, ref] = from.configMapRef ? (['ConfigMap', from.configMapRef.name] as const) : (['Secret', from.secretRef!.name] as const);
      return this.data(kind, ref)?.[name] !== undefined;
    });
    return source ? (source.configMapRef ? 'ConfigMap' : 'Secret') : undefined;
  }

  /** The container port a probe or Service targets, resolving port names. */
  containerPort(container: Container, port: number | string): number | undefined {
    if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
    return container.ports?.find((p) => p.name === port)?.containerPort;
  }

  /**
   * The Deployment or StatefulSet a URL reaches, and on which container port: its host names a
   * Service whose port targets a port of that workload's container.
   */
  endpointBehind(url: string): { workload: Workload; port: number } | undefined {
    const { hostname, port } = new URL(url);
    const service = this.all<Service>('Service').find((s) => s.metadata.name === hostname);
    const servicePort = service?.spec.ports.find((p) => p.port === Number(port || 80));
    if (!service || !servicePort) return undefined;
    for (const workload of [...this.all<Workload>('Deployment'), ...this.all<Workload>('StatefulSet')]) {
      const target = this.containerPort(workload.spec.template.spec.containers[0], servicePort.targetPort ?? servicePort.port);
      if (this.servicesFor(workload).includes(service) && target !== undefined) return { workload, port: target };
    }
    return undefined;
  }

  /** The Service whose selector picks the workload's pods. */
  servicesFor(workload: Workload): Service[] {
    const labels = workload.spec.template.metadata.labels;
    return this.all<Service>('Service').filter((service) => Object.entries(service.spec.selector ?? {}).every(([k, v]) => labels[k] === v));
  }
}
