import { createRegistry, FaiError, runFailedV1 } from '@fai/contracts';

/*
 * The rollback route (docs/operations.md, "Releases and rollback"): after `helm rollback`, the older
 * release may read events a newer one wrote. It must refuse what it does not know with a typed error
 * (the consumer dead-letters it and raises an operator alert), never guess at it.
 */
describe('an older release reading events of a newer one', () => {
  const registry = createRegistry();
  const example = runFailedV1.example;

  it('reads the versions it knows', () => {
    expect(registry.decode(runFailedV1.name, runFailedV1.version, example).data).toEqual(example);
  });

  it('refuses a newer version of an event it knows, by a typed error', () => {
    expect(() => registry.decode(runFailedV1.name, runFailedV1.version + 1, example)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CONTRACT' }),
    );
  });

  it('refuses an event type it has never heard of, by a typed error', () => {
    let thrown: unknown;
    try {
      registry.decode('RunTeleported', 1, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FaiError);
    expect(thrown).toMatchObject({ code: 'UNKNOWN_CONTRACT', hint: expect.any(String) });
  });

  it('refuses a known version whose data a newer writer changed incompatibly', () => {
    expect(() => registry.decode(runFailedV1.name, runFailedV1.version, { ...example, stage: 42 })).toThrow(
      expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
    );
  });
});
