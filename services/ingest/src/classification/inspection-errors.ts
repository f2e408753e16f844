import { ArtefactRefusedError } from '@fai/artefact-store';

export class ArtefactFileNameInvalidError extends ArtefactRefusedError {
  constructor(reason: string) {
    super({
      code: 'ARTEFACT_FILENAME_INVALID',
      message: `The file name is refused: ${reason}.`,
      hint: 'Send a plain file name (no folders, no control characters, at most 255 bytes), e.g. "nport-2024-06.xml".',
      details: { reason },
    });
  }
}

export class ArtefactTypeMismatchError extends ArtefactRefusedError {
  constructor(declared: string, sniffed: string, source: 'content type' | 'file extension') {
    super({
      code: 'ARTEFACT_TYPE_MISMATCH',
      message: `The ${source} says ${declared} but the content is ${sniffed}.`,
      hint: 'Check that the right file was attached; if it was renamed, send it with its real extension and type.',
      details: { declared, sniffed, source },
    });
  }
}

export class ArtefactXmlDoctypeRefusedError extends ArtefactRefusedError {
  constructor(part?: string) {
    super({
      code: 'ARTEFACT_XML_DOCTYPE_REFUSED',
      message: `The XML${part ? ` part ${part}` : ''} declares a DOCTYPE; DTDs and entities are refused and never resolved.`,
      hint: 'Fund documents (N-PORT, FinDatEx, OOXML) need no DOCTYPE: ask the sender for the original file.',
      details: part ? { part } : undefined,
    });
  }
}

export class ArtefactXmlMalformedError extends ArtefactRefusedError {
  constructor(reason: string, line: number, column: number, part?: string) {
    super({
      code: 'ARTEFACT_XML_MALFORMED',
      message: `The XML${part ? ` part ${part}` : ''} is not well-formed at line ${line}, column ${column}: ${reason}.`,
      hint: 'The file is probably truncated or edited by hand: fetch it again from its source.',
      details: { line, column, reason, ...(part ? { part } : {}) },
    });
  }
}

export class ArtefactPdfUnreadableError extends ArtefactRefusedError {
  constructor(reason: string) {
    super({
      code: 'ARTEFACT_PDF_UNREADABLE',
      message: `The PDF cannot be read: ${reason}.`,
      hint: 'The file is probably truncated or damaged: download or export it again.',
      details: { reason },
    });
  }
}

export class ArtefactPdfEncryptedError extends ArtefactRefusedError {
  constructor() {
    super({
      code: 'ARTEFACT_PDF_ENCRYPTED',
      message: 'The PDF is password-protected.',
      hint: 'Ask the sender for a copy without an open password; evidence must be readable without secrets.',
    });
  }
}

export class ArtefactZipBombError extends ArtefactRefusedError {
  constructor(reason: string, entry?: string) {
    super({
      code: 'ARTEFACT_ZIP_BOMB',
      message: `The archive was refused before unpacking: ${reason}.`,
      hint: 'A real workbook expands to a few MiB at modest ratios; ask the sender for the original file.',
      details: { reason, ...(entry ? { entry } : {}) },
    });
  }
}

export class ArtefactZipUnreadableError extends ArtefactRefusedError {
  constructor(reason: string) {
    super({
      code: 'ARTEFACT_ZIP_UNREADABLE',
      message: `The ZIP/XLSX archive cannot be read: ${reason}.`,
      hint: 'The file is probably truncated or not really an .xlsx: export it again.',
      details: { reason },
    });
  }
}
