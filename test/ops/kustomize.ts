import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object, loosely typed: the schema tests give it its shape. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Rendered {
  manifests: Manifest[];
  /** `kubectl kustomize` when kubectl is on PATH, else the plain-YAML reading below. */
  renderer: 'kubectl kustomize' | 'plain YAML';
}

/** kubectl with kustomize v4 or later (older ones, as in Debian's kubernetes-client 1.20, take no folders in `resources`). */
export function kubectlAvailable(): boolean {
  const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const kustomize = /Kustomize Version: v(\d+)/.exec(version.stdout ?? '');
  return version.status === 0 && kustomize !== null && Number(kustomize[1]) >= 4;
}

/** Renders a kustomization the way `kubectl apply -k` would, offline. */
export function renderKustomization(dir: string): Rendered {
  if (!kubectlAvailable()) return { manifests: readKustomization(dir), renderer: 'plain YAML' };
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return { manifests: parseManifests(result.stdout), renderer: 'kubectl kustomize' };
}

/** YAML 1.1, as kubectl reads it (0444 is octal there). */
function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map(String).join('\n'));
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
}

const clusterScoped = new Set(['Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'PriorityClass']);

/**
 * The fallback where kubectl is missing: follows `resources` (files and folders holding a
 * kustomization.yaml) and applies `namespace`. That is all k8s/kustomization.yaml uses; anything
 * else is refused rather than silently ignored.
 */
export function readKustomization(dir: string): Manifest[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'), { version: '1.1' }) as Record<string, unknown>;
  const unsupported = Object.keys(kustomization).filter((key) => !['apiVersion', 'kind', 'namespace', 'resources'].includes(key));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml uses ${unsupported.join(', ')}: render it with kubectl kustomize`);
  const manifests = ((kustomization.resources as string[]) ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    return statSync(path).isDirectory() ? readKustomization(path) : parseManifests(readFileSync(path, 'utf8'));
  });
  const namespace = kustomization.namespace as string | undefined;
  if (namespace) for (const manifest of manifests) if (!clusterScoped.has(manifest.kind)) manifest.metadata.namespace = namespace;
  return manifests;
}
