import { ident, type SqlExecutor } from '@fai/event-store';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instantColumn } from '../../infrastructure/instant-column';
import type { ReceivedArtefact } from '../stage-outcomes/stage-outcome.mapping';

/**
 * Table `received_artefact`: which (fund, artefact type) each run has received, from ingest's
 * InventoryArtefactReceived; the clock subtracts it from the required inventory at cut-off. Kept by
 * the stage outcome consumer (not a projection of the scheduler's own log), so a projection rebuild
 * leaves it alone.
 */
@Entity({ name: 'received_artefact' })
export class ReceivedArtefactRow implements ReceivedArtefact {
  @PrimaryColumn({ name: 'run_id', type: 'text' })
  runId!: string;

  @PrimaryColumn({ name: 'fund_id', type: 'text' })
  fundId!: string;

  @PrimaryColumn({ name: 'artefact_type', type: 'text' })
  artefactType!: string;

  /** The first receipt that filled the slot; later versions do not move it. */
  @Column(instantColumn('received_at'))
  receivedAt!: string;
}

/** Records a receipt in the consumer's transaction; a slot already filled stays as it was. */
export async function recordReceivedArtefact(
  tx: SqlExecutor,
  schema: string,
  { runId, fundId, artefactType, receivedAt }: ReceivedArtefact,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${ident(schema)}.received_artefact (run_id, fund_id, artefact_type, received_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [runId, fundId, artefactType, receivedAt],
  );
}
