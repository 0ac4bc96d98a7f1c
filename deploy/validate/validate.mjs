// Schema check of deploy/ manifests: every resource that a kustomization lists is parsed and validated against
// the JSON schema of its kind (kubernetes-models, generated from the Kubernetes OpenAPI definitions, and the
// Prometheus Operator's CRDs), and every YAML file of the directory must be listed.
//   node validate.mjs <kustomization directory>...
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

const models = new Map([
  ['v1/ConfigMap', ConfigMap],
  ['v1/Service', Service],
  ['apps/v1/Deployment', Deployment],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
  ['monitoring.coreos.com/v1/ServiceMonitor', ServiceMonitor],
]);

function documents(file) {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  });
}

let failures = 0;
let checked = 0;
for (const dir of process.argv.slice(2)) {
  const [kustomization] = documents(join(dir, 'kustomization.yaml'));
  const listed = new Set(kustomization.resources ?? []);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) {
    if (!listed.has(file)) {
      console.error(`${join(dir, file)}: not listed in kustomization.yaml`);
      failures++;
    }
  }
  for (const file of listed) {
    for (const object of documents(join(dir, file))) {
      const key = `${object.apiVersion}/${object.kind}`;
      const Model = models.get(key);
      try {
        if (!Model) {
          throw new Error(`no schema for ${key}`);
        }
        new Model(object).validate();
        checked++;
      } catch (e) {
        console.error(`${join(dir, file)}: ${key} ${object.metadata?.name ?? ''}: ${e.message}`);
        failures++;
      }
    }
  }
}
if (failures > 0 || checked === 0) {
  console.error(`validate: ${failures} invalid, ${checked} valid`);
  process.exit(1);
}
console.log(`validate: ${checked} manifests valid`);
