import { ALL_CONTRACTS, createRegistry } from './catalogue';
import type { AnyContract } from './define-event';
import { operatorAlertAcknowledgedV1, operatorAlertRaisedV1 } from './platform';

const registry = createRegistry();

describe('catalogue', () => {
  it('registers the platform events', () => {
    expect(registry.getByType('fai.platform.operator-alert-raised.v1')).toBe(operatorAlertRaisedV1);
    expect(registry.getByType('fai.platform.operator-alert-acknowledged.v1')).toBe(
      operatorAlertAcknowledgedV1,
    );
    expect(registry.all()).toHaveLength(ALL_CONTRACTS.length);
  });

  it.each(ALL_CONTRACTS.map((contract): [string, AnyContract] => [contract.type, contract]))(
    'has an example of %s that validates',
    (_, contract) => {
      if (contract.kind === 'event') {
        expect(registry.validate(contract.name, contract.version, contract.example)).toBe(contract.example);
      } else {
        expect(
          registry.validateRequest(contract.name, contract.version, contract.example.request),
        ).toBeDefined();
        expect(registry.validateReply(contract.name, contract.version, contract.example.reply)).toBeDefined();
      }
    },
  );

  it('keeps every version of every event, so the oldest data still decodes to the latest', () => {
    for (const contract of registry.events()) {
      expect(registry.decode(contract.name, contract.version, contract.example).contract).toBe(
        registry.latest(contract.name),
      );
    }
  });

  it('refuses an operator alert without a known kind', () => {
    const gremlins = { ...operatorAlertRaisedV1.example, kind: 'gremlins' };

    expect(() => registry.validate('OperatorAlertRaised', 1, gremlins)).toThrow(
      expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
    );
  });
});
