import { FaiError } from '@fai/contracts';

/**
 * Reporting published a fund approval never approved. Reporting refuses to publish without approval,
 * so this is a fault between the services: the event is dead-lettered and an operator alerted.
 */
export class PublishedWithoutApprovalError extends FaiError {
  constructor(fund: { cycleId: string; fundId: string; state: string; reportId: string }) {
    super({
      code: 'PUBLISHED_WITHOUT_APPROVAL',
      message: `report ${fund.reportId} publishes fund ${fund.fundId} of cycle ${fund.cycleId}, which is ${fund.state}, not approved`,
      hint: 'Investigate how reporting published it (its publish-fund refusal should have stopped it); the workflow is left as it is.',
      details: { ...fund },
    });
  }
}
