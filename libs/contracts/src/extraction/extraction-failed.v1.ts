import { defineEvent, type EventData } from '../define-event';
import {
  ARTEFACT_REQUIRED,
  artefactProperties,
  EXTRACTION_CONTEXT,
  extractionErrorCodeSchema,
  extractorSchema,
} from './extraction.schemas';

/** An artefact could not be read: no claims come from it. The service and the run go on. */
export const extractionFailedV1 = defineEvent({
  context: EXTRACTION_CONTEXT,
  name: 'ExtractionFailed',
  version: 1,
  schema: {
    type: 'object',
    description:
      'An exception for an operator (fix or replace the document), not a stage failure: the run continues with the claims of its other artefacts.',
    additionalProperties: false,
    required: [...ARTEFACT_REQUIRED, 'extractor', 'errorCode', 'message', 'hint', 'diagnostics'],
    properties: {
      ...artefactProperties,
      extractor: extractorSchema,
      errorCode: {
        ...extractionErrorCodeSchema,
        description:
          'Stable code, e.g. EXTRACTION_MALFORMED_XML, EXTRACTION_UNSUPPORTED_LAYOUT, ARTEFACT_CORRUPTED.',
      },
      message: { type: 'string', minLength: 1 },
      hint: { type: 'string', description: 'What to do about it.' },
      diagnostics: {
        type: 'object',
        additionalProperties: true,
        description: 'Where reading stopped (line, column, XPath, page, ...) and what was found there.',
      },
    },
  },
  example: {
    artefactId: 'art-0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e',
    sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
    artefactVersion: 1,
    documentType: 'nport',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    extractor: { id: 'nport-xml', version: '1.0.0' },
    errorCode: 'EXTRACTION_MALFORMED_XML',
    message: 'The filing is not well-formed XML: unclosed tag invstOrSec.',
    hint: 'Ask the filer for the complete document, or download it again from EDGAR.',
    diagnostics: { extractorId: 'nport-xml', line: 1204, column: 17 },
    at: '2026-11-04T09:20:00.000Z',
  },
});

export type ExtractionFailedV1 = EventData<typeof extractionFailedV1>;
