import { ContentMeter, type ArtefactSource } from '@fai/artefact-store';

/**
 * Reads content whole into memory, refusing it (ARTEFACT_TOO_LARGE) as soon as it passes `maxBytes`
 * and (ARTEFACT_EMPTY) when it has no bytes: nothing beyond the limit is ever held.
 */
export async function readBounded(source: ArtefactSource, maxBytes: number): Promise<Buffer> {
  const meter = new ContentMeter(maxBytes);
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of meter.measure(source)) chunks.push(chunk);
  } finally {
    if ('destroy' in source) source.destroy();
  }
  return Buffer.concat(chunks);
}
