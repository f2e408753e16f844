import { FaiError } from '@fai/contracts';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { TimeoutError } from 'rxjs';
import { CommandFailedError, commandErrorReply } from './command';
import { commandError } from './command-client';

describe('command error replies', () => {
  it('send a FaiError as its body', () => {
    const error = new FaiError({
      code: 'CYCLE_ALREADY_OPEN',
      message: 'open',
      hint: 'rerun it',
      details: { cycleId: 'c1' },
    });
    expect(commandErrorReply(error)).toEqual({
      code: 'CYCLE_ALREADY_OPEN',
      message: 'open',
      hint: 'rerun it',
      details: { cycleId: 'c1' },
    });
  });

  it('hide anything else behind INTERNAL_ERROR', () => {
    const reply = commandErrorReply(new Error('password=hunter2 at db.internal:5432'));
    expect(reply.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(reply)).not.toMatch(/hunter2|db\.internal/);
  });
});

describe('command errors on the client', () => {
  it('re-raise a reply body as CommandFailedError with its code, hint and details', () => {
    const error = commandError(
      'fai-cmd.scheduler.open-cycle.v1',
      { code: 'CYCLE_ALREADY_OPEN', message: 'open', details: { a: 1 } },
      5000,
    );
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error.toBody()).toEqual({
      code: 'CYCLE_ALREADY_OPEN',
      message: 'open',
      hint: undefined,
      details: { a: 1 },
    });
  });

  it.each([
    ['a timeout', new TimeoutError(), 'COMMAND_TIMEOUT'],
    ['no responders', new EmptyResponseException('fai-cmd.x'), 'COMMAND_UNAVAILABLE'],
    ['no handler in the service', NO_MESSAGE_HANDLER, 'COMMAND_UNAVAILABLE'],
    ['a connection failure', new Error('CONNECTION_REFUSED'), 'COMMAND_UNAVAILABLE'],
    ["Nest's default error reply", { status: 'error', message: 'Internal server error' }, 'INTERNAL_ERROR'],
  ])('map %s to %s', (_, raised, code) => {
    expect(commandError('fai-cmd.x', raised, 100).code).toBe(code);
  });
});
