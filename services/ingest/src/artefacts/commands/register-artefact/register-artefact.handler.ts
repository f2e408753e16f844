import type { IntakeReply, RegisterArtefactRequest } from '@fai/contracts';
import { v5 as uuidv5 } from 'uuid';
import type { ArtefactStore } from '@fai/artefact-store';
import type { IntakeService } from '../../intake/intake.service';
import { readBounded } from '../../intake/read-bounded';

const REGISTRATION_NAMESPACE = '8a6c4e2f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';

/**
 * Registers bytes already in the artefact store (fetched online, produced by FAI itself) as an
 * artefact: read back (hash-verified, bounded), then checked and decided on like any upload.
 */
export class RegisterArtefactHandler {
  constructor(
    private readonly intake: IntakeService,
    private readonly store: ArtefactStore,
    private readonly maxBytes: number,
  ) {}

  register(request: RegisterArtefactRequest): Promise<IntakeReply> {
    const { commandId, sha256, declaredMediaType, ...source } = request;
    return this.intake.intake(
      {
        ...source,
        intakeId: uuidv5(`${request.actor}/${commandId}`, REGISTRATION_NAMESPACE),
        ...(declaredMediaType ? { declaredMediaType } : {}),
      },
      { read: async () => readBounded(await this.store.get(sha256), this.maxBytes), store: false },
    );
  }
}
