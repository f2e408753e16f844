import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { COMMAND_SUBJECT_PREFIX, ContractRegistry, type CommandContract } from '@fai/contracts';
import { CommandClient } from '@fai/messaging';
import { FAI_CONFIG } from '@fai/service-kit';
import { v5 as uuidv5 } from 'uuid';
import type { GatewayConfig } from '../gateway.config';
import type { Principal } from '../security/principal';

export const COMMAND_PROXY = Symbol('COMMAND_PROXY');
export const COMMAND_CLIENT = Symbol('COMMAND_CLIENT');

/**
 * Sends a command to its owning service (NATS request/reply, or in process when embedded), under
 * the deployment's subject prefix. The request is checked against its contract first, so a caller's mistake is a 400 here,
 * not a round trip; the owning service's refusal comes back with its own code.
 */
@Injectable()
export class CommandSender {
  constructor(
    @Inject(COMMAND_CLIENT) private readonly client: CommandClient,
    @Inject(FAI_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ContractRegistry,
  ) {}

  async send<TRequest, TReply>(
    contract: CommandContract<TRequest, TReply>,
    request: TRequest,
  ): Promise<TReply> {
    const valid = this.registry.validateRequest<TRequest>(contract.name, contract.version, request);
    const subject = `${this.config.FAI_COMMAND_SUBJECT_PREFIX}${contract.subject.slice(COMMAND_SUBJECT_PREFIX.length)}`;
    return this.client.send<TReply>(subject, valid, { timeoutMs: this.config.FAI_COMMAND_TIMEOUT_MS });
  }

  /** A command acting for the caller: its actor, and its id from the caller's Idempotency-Key. */
  command<TRequest extends { commandId: string; actor: string }, TReply>(
    contract: CommandContract<TRequest, TReply>,
    caller: Principal,
    idempotencyKey: string | undefined,
    request: Omit<TRequest, 'commandId' | 'actor'>,
  ): Promise<TReply> {
    return this.send(contract, {
      ...request,
      commandId: commandIdOf(caller.subject, idempotencyKey),
      actor: caller.subject,
    } as TRequest);
  }
}

// Command ids from idempotency keys are name-based UUIDs in the gateway's namespace.
const COMMAND_ID_NAMESPACE = 'a3c6e0f2-41d8-4b7e-9f15-6d2b8c0e7a94';

/**
 * The command id: derived from the caller's `Idempotency-Key` (and the caller, so two users' keys
 * never collide), so a retried request is the same command; a new one without a key.
 */
export function commandIdOf(actor: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? uuidv5(`${actor}|${idempotencyKey}`, COMMAND_ID_NAMESPACE) : randomUUID();
}
