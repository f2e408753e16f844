import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommandClient } from './command-client';
import { commandSubjectIn, inProcessCommandTransport } from './command-transport';
import { InProcessCommandBus } from './in-process-commands';

const ECHO = 'fai-cmd.scheduler.echo.v1';

@Controller()
class EchoController {
  @MessagePattern(ECHO)
  echo(@Payload() request: { said: string }) {
    return { heard: request.said };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('command transports place contract subjects under the deployment prefix', () => {
  it('maps only fai-cmd subjects', () => {
    expect(commandSubjectIn('test-cmd', ECHO)).toBe('test-cmd.scheduler.echo.v1');
    expect(commandSubjectIn('test-cmd', 'other.subject')).toBe('other.subject');
  });

  it('answers a @MessagePattern on the contract subject under the prefix, and nowhere else', async () => {
    const transport = inProcessCommandTransport(new InProcessCommandBus());
    const app = await NestFactory.createMicroservice(EchoModule, {
      strategy: transport.server({ service: 'scheduler', subjectPrefix: 'test-cmd' }),
      logger: false,
    });
    await app.listen();
    const client = new CommandClient(transport.client(), { timeoutMs: 1_000 });
    try {
      await expect(client.send('test-cmd.scheduler.echo.v1', { said: 'hi' })).resolves.toEqual({
        heard: 'hi',
      });
      await expect(client.send(ECHO, { said: 'hi' })).rejects.toMatchObject({ code: 'COMMAND_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });
});
