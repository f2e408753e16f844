export {
  assertSha256,
  type ArtefactSource,
  type ArtefactStat,
  type ArtefactStore,
  type PutOptions,
  type StoredArtefact,
} from './artefact-store';
export {
  ArtefactCorruptedError,
  ArtefactEmptyError,
  ArtefactIdInvalidError,
  ArtefactNotFoundError,
  ArtefactRefusedError,
  ArtefactTooLargeError,
} from './artefact-errors';
export { ContentMeter, DigestVerifier, rechunk } from './artefact-content';
export { FilesystemArtefactStore, INCOMING_DIR } from './filesystem-artefact-store';
export {
  JetStreamObjectArtefactStore,
  type JetStreamObjectStoreOptions,
} from './jetstream-object-artefact-store';
