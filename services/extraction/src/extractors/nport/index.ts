export { extractNport, nportXmlExtractor, type NportExtractionResult } from './nport-xml.extractor';
export { NPORT_EXTRACTOR_VERSION, type ArtefactRef } from './nport-claims';
export { NPORT_EXTRACTOR_ID, type ArtefactBytes } from './nport-reader';
