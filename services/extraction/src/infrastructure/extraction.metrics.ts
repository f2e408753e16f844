import { Counter, Histogram, type Registry } from 'prom-client';
import type { ExtractedDocument } from '../artefact-extraction/extractor-registry';
import type { ExtractorRef } from '../artefact-extraction/extraction.decider';

/** Extraction's own Prometheus metrics, on the service's registry. */
export class ExtractionMetrics {
  private readonly seconds: Histogram<'extractor'>;
  private readonly outcomes: Counter<'extractor' | 'outcome'>;
  private readonly claims: Counter<'extractor'>;
  private readonly coverage: Histogram<'extractor'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.seconds = new Histogram({
      name: 'fai_extraction_seconds',
      help: 'Time to extract one artefact, by extractor',
      labelNames: ['extractor'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.outcomes = new Counter({
      name: 'fai_extraction_outcomes_total',
      help: 'Artefacts extracted or failed, by extractor',
      labelNames: ['extractor', 'outcome'],
      registers,
    });
    this.claims = new Counter({
      name: 'fai_extraction_claims_total',
      help: 'Claims extracted, by extractor',
      labelNames: ['extractor'],
      registers,
    });
    this.coverage = new Histogram({
      name: 'fai_extraction_coverage_ratio',
      help: 'Evidence coverage of an artefact: expected metrics found / expected',
      labelNames: ['extractor'],
      buckets: [0.25, 0.5, 0.75, 0.9, 0.95, 1],
      registers,
    });
  }

  observe(document: ExtractedDocument, seconds: number): void {
    const labels = { extractor: document.extractor.id };
    this.seconds.observe(labels, seconds);
    this.outcomes.inc({ ...labels, outcome: 'extracted' });
    this.claims.inc(labels, document.claims.length);
    const { expected, found } = document.coverage;
    if (expected > 0) this.coverage.observe(labels, found / expected);
  }

  failed(extractor: ExtractorRef): void {
    this.outcomes.inc({ extractor: extractor.id, outcome: 'failed' });
  }
}
