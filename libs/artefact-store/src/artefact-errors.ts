import { FaiError } from '@fai/contracts';

/**
 * An upload refused because of what it is (empty, too large, unsafe, not what it claims to be).
 * Nothing of it is stored; the caller answers with a client error and the service keeps running.
 */
export class ArtefactRefusedError extends FaiError {}

export class ArtefactEmptyError extends ArtefactRefusedError {
  constructor() {
    super({
      code: 'ARTEFACT_EMPTY',
      message: 'The artefact has no content (0 bytes).',
      hint: 'Upload the document itself; an empty file usually means the export or the download failed.',
    });
  }
}

export class ArtefactTooLargeError extends ArtefactRefusedError {
  constructor(readonly maxBytes: number) {
    super({
      code: 'ARTEFACT_TOO_LARGE',
      message: `The artefact is larger than the limit of ${maxBytes} bytes; reading stopped there.`,
      hint: 'Split the document or ask an administrator to raise the ingest size limit for this source.',
      details: { maxBytes },
    });
  }
}

export class ArtefactIdInvalidError extends FaiError {
  constructor(readonly artefactId: string) {
    super({
      code: 'ARTEFACT_ID_INVALID',
      message: `"${artefactId.slice(0, 80)}" is not an artefact content hash (64 lower-case hex digits).`,
      hint: 'Address stored artefacts by the sha256 returned when they were stored.',
    });
  }
}

export class ArtefactNotFoundError extends FaiError {
  constructor(readonly sha256: string) {
    super({
      code: 'ARTEFACT_NOT_FOUND',
      message: `No artefact with content hash ${sha256} is stored.`,
      hint: 'Check the hash, and that this service points at the same artefact store that stored it.',
      details: { sha256 },
    });
  }
}

export class ArtefactCorruptedError extends FaiError {
  constructor(
    readonly sha256: string,
    reason: string,
  ) {
    super({
      code: 'ARTEFACT_CORRUPTED',
      message: `The stored bytes of artefact ${sha256} do not match its hash: ${reason}.`,
      hint: 'Do not use this copy. Restore the artefact from a backup or ingest the original document again.',
      details: { sha256, reason },
    });
  }
}
