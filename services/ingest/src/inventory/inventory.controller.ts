import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import type { RunInventory } from '@fai/contracts';
import { InventoryNotFoundError } from '../artefacts/intake-errors';
import { ProblemDetailsFilter } from '../infrastructure/problem-details.filter';
import { inventoryReport } from './inventory.decider';
import { InventoryLedger } from './inventory.ledger';

/** A run's source inventory with coverage notes, read from its stream (never stale). */
@Controller('runs')
@UseFilters(ProblemDetailsFilter)
export class InventoryController {
  constructor(private readonly inventories: InventoryLedger) {}

  @Get(':runId/inventory')
  async inventory(@Param('runId') runId: string): Promise<RunInventory> {
    return runInventory(this.inventories, runId);
  }
}

export async function runInventory(inventories: InventoryLedger, runId: string): Promise<RunInventory> {
  const report = inventoryReport((await inventories.load(runId)).state);
  if (!report) throw new InventoryNotFoundError(runId);
  return report;
}
