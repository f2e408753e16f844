/** The ArtefactStore the service was configured with (FAI_ARTEFACT_STORE). */
export const ARTEFACT_STORE = Symbol('ARTEFACT_STORE');
