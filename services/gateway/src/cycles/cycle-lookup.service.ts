import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../api/problem';
import { CycleRow } from '../projections/read-model.entities';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';

/** A cycle from the read model, when its portfolio is in the caller's scope. */
@Injectable()
export class CycleLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async cycle(caller: Principal, cycleId: string): Promise<CycleRow> {
    const row = await this.dataSource.getRepository(CycleRow).findOneBy({ id: cycleId });
    if (!row) throw new NotFoundError('cycle', cycleId);
    await this.scope.assertPortfolio(caller, row.portfolioId);
    return row;
  }
}
