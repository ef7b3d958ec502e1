import { join } from 'node:path';
import * as ts from 'typescript';
import { kubectlAvailable, Manifest, readKustomization, renderKustomization } from './kustomize';
import { repoRoot } from './platform-apps';

// Every manifest is checked against the Kubernetes OpenAPI schemas bundled in kubernetes-models
// (its ajv validators for types, formats and required fields, its typings for unknown fields).
const k8sDir = join(repoRoot, 'k8s');
const { manifests, renderer } = renderKustomization(k8sDir);
const describeName = (manifest: Manifest) => `${manifest.kind}/${manifest.metadata.name}`;

function validateAgainstSchema(manifest: Manifest): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const group = require(`kubernetes-models/${manifest.apiVersion}`) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = group[manifest.kind];
  if (!Model) return `${describeName(manifest)}: ${manifest.apiVersion} has no kind ${manifest.kind}`;
  try {
    new Model(manifest).validate();
    return undefined;
  } catch (error) {
    return `${describeName(manifest)}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Type-checks each manifest as an object literal of its kubernetes-models interface: TypeScript's
 * excess-property check then reports any field the API does not define (a misspelt probe, say).
 */
function unknownFields(all: Manifest[]): string[] {
  const file = join(repoRoot, 'test/ops/__rendered-manifests__.ts');
  const lines = all.map((manifest, index) => {
    const module = `kubernetes-models/${manifest.apiVersion}/${manifest.kind}`;
    return `export const m${index}: import('${module}').I${manifest.kind} = ${JSON.stringify(manifest)};`;
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, types: [], skipLibCheck: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
    const line = diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line : -1;
    const where = line >= 0 ? describeName(all[line]) : 'manifests';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

describe(`k8s/ rendered with ${renderer}`, () => {
  it('renders the whole platform', () => {
    const kinds = new Set(manifests.map((manifest) => manifest.kind));
    for (const kind of ['Namespace', 'Deployment', 'Service', 'ConfigMap', 'Secret', 'StatefulSet', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'NetworkPolicy']) {
      expect(kinds).toContain(kind);
    }
  });

  it('validates every manifest against the Kubernetes schemas', () => {
    expect(manifests.map(validateAgainstSchema).filter(Boolean)).toEqual([]);
  });

  it('uses no field that the Kubernetes API does not define', () => {
    expect(unknownFields(manifests)).toEqual([]);
  });

  it('uses only the stable API versions of current Kubernetes', () => {
    const stable = new Set(['v1', 'apps/v1', 'policy/v1', 'autoscaling/v2', 'networking.k8s.io/v1']);
    expect(manifests.filter((manifest) => !stable.has(manifest.apiVersion)).map(describeName)).toEqual([]);
  });

  it('puts every object in the movie-booking namespace and defines that namespace', () => {
    expect(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name)).toEqual(['movie-booking']);
    const outside = manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== 'movie-booking');
    expect(outside.map(describeName)).toEqual([]);
  });

  it('names every object once per kind', () => {
    const names = manifests.map(describeName);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  (kubectlAvailable() ? it : it.skip)('renders the same objects with the plain-YAML fallback as with kubectl kustomize', () => {
    const byName = (list: Manifest[]) => Object.fromEntries(list.map((manifest) => [describeName(manifest), manifest]));
    expect(byName(readKustomization(k8sDir))).toEqual(byName(manifests));
  });
});

describe('the schema checks themselves', () => {
  const deployment = () => structuredClone(manifests.find((manifest) => manifest.kind === 'Deployment')!) as Manifest & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };

  it('reject a port given as text', () => {
    const broken = deployment();
    broken.spec.template.spec.containers[0].ports = [{ containerPort: '8081' }];
    expect(validateAgainstSchema(broken)).toMatch(/containerPort must be integer/);
  });

  it('reject a NetworkPolicy port given as a list', () => {
    const policy = structuredClone(manifests.find((manifest) => manifest.kind === 'NetworkPolicy' && manifest.metadata.name === 'payment')!) as Manifest & { spec: { ingress: { ports: unknown[] }[] } };
    policy.spec.ingress[0].ports = [{ port: ['http'] }];
    expect(validateAgainstSchema(policy)).toMatch(/port/);
  });

  it('reject a misspelt NetworkPolicy selector', () => {
    const policy = structuredClone(manifests.find((manifest) => manifest.kind === 'NetworkPolicy' && manifest.metadata.name === 'payment')!) as Manifest & { spec: Record<string, unknown> };
    policy.spec.podSelectr = policy.spec.podSelector;
    expect(unknownFields([policy]).join('\n')).toMatch(/podSelectr/);
  });

  it('reject a misspelt field', () => {
    const broken = deployment();
    broken.spec.template.spec.containers[0].readinesProbe = {};
    expect(unknownFields([broken]).join('\n')).toMatch(/readinesProbe/);
  });
});
