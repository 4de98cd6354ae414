/**
 * Prometheus and Grafana: the scrape configuration finds the pods the functions annotate, and every
 * metric the pipeline dashboard queries is one that something Helios runs actually exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFuncYaml } from './support/functions.ts';
import { at, loadFile } from './support/load-manifests.ts';
import { K8S_DIR, ROOT } from './support/repo-paths.ts';

interface Panel {
  title: string;
  datasource: { uid: string };
  targets: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(path.join(K8S_DIR, 'dashboards/helios-pipeline.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
};
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'rate',
  'increase',
  'histogram_quantile',
  'by',
  'without',
  'on',
  'and',
  'or',
]);

/** The metric names a PromQL expression reads (histogram series mapped back to their histogram). */
function metricsIn(expr: string): string[] {
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = [...stripped.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((match) => match[1]!)
    .filter((name) => !PROMQL_WORDS.has(name) && !/^\d/.test(name));
  return [...new Set(names.map((name) => name.replace(/_(bucket|sum|count)$/, '')))];
}

/** Metric names our source defines: counter('x'), histogram('x'), or { name: 'x' } in a prom-client constructor. */
function definedBy(dirs: string[]): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(full);
      } else if (/\.(ts|js)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        for (const match of text.matchAll(/(?:counter|histogram|gauge)(?:<[^>]*>)?\(\s*'([a-z_:][a-z0-9_:]*)'/g))
          names.add(match[1]!);
        for (const match of text.matchAll(/\bname:\s*'([a-z_:][a-z0-9_:]*)'/g)) names.add(match[1]!);
      }
    }
  };
  dirs.forEach(visit);
  return names;
}

const ours = definedBy([
  ...readdirSync(path.join(ROOT, 'functions'))
    .map((name) => path.join(ROOT, 'functions', name, 'src'))
    .filter((dir) => {
      try {
        return readdirSync(dir).length > 0;
      } catch {
        return false;
      }
    }),
]);
const runtime = definedBy([path.join(ROOT, 'node_modules/faas-js-runtime/lib')]);
/** Strimzi's Kafka Exporter (kafka_exporter), enabled by spec.kafkaExporter in 20-kafka.yaml. */
const KAFKA_EXPORTER = new Set(['kafka_topic_partition_current_offset', 'kafka_consumergroup_lag']);

describe('monitoring', () => {
  it('reads the metric names out of PromQL', () => {
    expect(
      metricsIn('histogram_quantile(0.99, sum by (function, le) (rate(faas_execution_latency_bucket[5m])))'),
    ).toEqual(['faas_execution_latency']);
    expect(metricsIn('sum(rate(helios_bids_total{result="bid"}[5m])) / sum(rate(helios_bids_total[5m]))')).toEqual([
      'helios_bids_total',
    ]);
  });

  it('the dashboard covers the pipeline: bids/s, bid rate, win rate, latency, retries, dead letters', () => {
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join(' | ');
    for (const topic of ['bid requests per second', 'bid rate', 'win rate', 'latency', 'retries', 'dead letters']) {
      expect(titles).toContain(topic);
    }
  });

  it.each(dashboard.panels.map((panel) => [panel.title, panel] as const))(
    'every metric panel "%s" queries is exported by Helios, faas-js-runtime or the Kafka Exporter',
    (_title, panel) => {
      // A panel without a query, or a query the parser found no metric in, would pass the loop unchecked.
      expect(panel.targets.flatMap((target) => metricsIn(target.expr)).length).toBeGreaterThan(0);
      for (const target of panel.targets) {
        for (const metric of metricsIn(target.expr)) {
          const known = ours.has(metric) || runtime.has(metric) || KAFKA_EXPORTER.has(metric);
          expect(known, `${metric} in "${target.expr}"`).toBe(true);
        }
      }
    },
  );

  it('the Kafka Exporter the dead-letter panel needs is enabled, and Prometheus scrapes it', () => {
    const kafka = loadFile('cluster/k8s/20-kafka.yaml').find((object) => object.kind === 'Kafka')!;
    expect(at(kafka.object, 'spec.kafkaExporter')).toBeDefined();
    expect(String(at(kafka.object, 'spec.kafkaExporter.topicRegex'))).toContain('dead_letters');
    expect(prometheusJobs().map((job) => job.job_name)).toContain('kafka-exporter');
  });

  it('Prometheus keeps the annotated user containers of the helios namespace and labels them by function', () => {
    const job = prometheusJobs().find((candidate) => candidate.job_name === 'helios-pods')!;
    expect(job.kubernetes_sd_configs[0]).toEqual({ role: 'pod', namespaces: { names: ['helios'] } });
    const rules = job.relabel_configs;
    expect(rules).toContainEqual(
      expect.objectContaining({
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
        action: 'keep',
      }),
    );
    expect(rules).toContainEqual(expect.objectContaining({ regex: 'user-container', action: 'keep' }));
    expect(rules).toContainEqual(expect.objectContaining({ target_label: 'function' }));
    // The dashboard's per-function panels group by that label.
    expect(JSON.stringify(dashboard)).toContain('sum by (function, le)');
  });

  it('every scraped workload carries the annotations the scrape job keeps', () => {
    for (const name of ['ingest', 'bidder', 'auction', 'analytics']) {
      expect(readFuncYaml(name).deploy?.annotations?.['prometheus.io/scrape'], name).toBe('true');
    }
    const profile = loadFile('cluster/k8s/60-profile.yaml')[0]!;
    expect(at(profile.object, 'spec.template.metadata.annotations') as Record<string, string>).toMatchObject({
      'prometheus.io/scrape': 'true',
    });
  });

  it('Grafana provisions the Prometheus data source the dashboard panels name, and mounts the generated dashboards', () => {
    const provisioning = loadFile('cluster/k8s/81-grafana.yaml').find(
      (object) => object.name === 'grafana-provisioning',
    )!;
    const datasources = parse((provisioning.object['data'] as Record<string, string>)['datasources.yaml']!) as {
      datasources: { uid: string; url: string }[];
    };
    const uids = datasources.datasources.map((source) => source.uid);
    for (const panel of dashboard.panels) expect(uids).toContain(panel.datasource.uid);
    expect(datasources.datasources[0]!.url).toBe('http://prometheus.helios.svc.cluster.local:9090');
  });
});

function prometheusJobs(): {
  job_name: string;
  kubernetes_sd_configs: unknown[];
  relabel_configs: Record<string, unknown>[];
}[] {
  const config = loadFile('cluster/k8s/80-prometheus.yaml').find((object) => object.name === 'prometheus-config')!;
  return (parse((config.object['data'] as Record<string, string>)['prometheus.yml']!) as { scrape_configs: never[] })
    .scrape_configs;
}
