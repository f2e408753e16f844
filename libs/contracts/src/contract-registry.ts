import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  ContractViolationError,
  DuplicateContractError,
  InvalidContractError,
  UnknownContractError,
  type ContractPart,
} from './contract-errors';
import {
  assertValidContract,
  type AnyCommandContract,
  type AnyContract,
  type AnyEventContract,
  type ContractSchema,
  type EventContract,
} from './define-event';

interface EventEntry {
  readonly contract: AnyEventContract;
  readonly validateData: ValidateFunction;
}

interface CommandEntry {
  readonly contract: AnyCommandContract;
  readonly validateRequest: ValidateFunction;
  readonly validateReply: ValidateFunction;
}

type Entry = EventEntry | CommandEntry;

export interface DecodedEvent<TData = unknown> {
  /** The latest version of the event, whose schema `data` now matches. */
  readonly contract: EventContract<TData>;
  readonly data: TData;
}

/**
 * Every contract a process knows, with its schemas compiled once by ajv. Names are unique across
 * contexts and kinds, so (name, version) is enough to find a contract, as stored events carry.
 */
export class ContractRegistry {
  /**
   * One ajv for every registry of the process: it keeps what it compiled by schema object, so the
   * catalogue's schemas compile once however many registries a service makes (each took 0.7 s).
   */
  private readonly ajv = sharedAjv;
  private readonly entriesByType = new Map<string, Entry>();
  private readonly entriesByName = new Map<string, Map<number, Entry>>();

  constructor(contracts: Iterable<AnyContract> = []) {
    for (const contract of contracts) this.register(contract);
  }

  register(contract: AnyContract): this {
    assertValidContract(contract);
    const versions = this.entriesByName.get(contract.name) ?? new Map<number, Entry>();
    const duplicate = this.entriesByType.get(contract.type) ?? versions.get(contract.version);
    if (duplicate)
      throw new DuplicateContractError(contract.type, `${duplicate.contract.type} is already registered`);
    const other = [...versions.values()].find(
      ({ contract: known }) => known.kind !== contract.kind || known.context !== contract.context,
    )?.contract;
    if (other)
      throw new DuplicateContractError(contract.type, `the name ${contract.name} belongs to ${other.type}`);
    const entry = this.compile(contract);
    this.entriesByType.set(contract.type, entry);
    this.entriesByName.set(contract.name, versions.set(contract.version, entry));
    return this;
  }

  /** Every registered contract, ordered by type. */
  all(): AnyContract[] {
    return [...this.entriesByType.values()]
      .map(({ contract }) => contract)
      .sort((a, b) => a.type.localeCompare(b.type));
  }

  events(): AnyEventContract[] {
    return this.all().filter((contract): contract is AnyEventContract => contract.kind === 'event');
  }

  getByType(type: string): AnyContract {
    const entry = this.entriesByType.get(type);
    if (!entry) throw new UnknownContractError(type);
    return entry.contract;
  }

  get(name: string, version: number): AnyContract {
    return this.entry(name, version).contract;
  }

  latest(name: string): AnyContract {
    return this.entry(name, this.latestVersion(name)).contract;
  }

  /** Returns `data` typed once it matches the event's schema; throws ContractViolationError otherwise. */
  validate<TData = unknown>(name: string, version: number, data: unknown): TData {
    const { contract, validateData } = this.eventEntry(name, version);
    return this.check(validateData, contract.type, 'data', data);
  }

  validateRequest<TRequest = unknown>(name: string, version: number, request: unknown): TRequest {
    const { contract, validateRequest } = this.commandEntry(name, version);
    return this.check(validateRequest, contract.type, 'request', request);
  }

  validateReply<TReply = unknown>(name: string, version: number, reply: unknown): TReply {
    const { contract, validateReply } = this.commandEntry(name, version);
    return this.check(validateReply, contract.type, 'reply', reply);
  }

  /**
   * Reads data stored or sent as `version` of event `name`: validates it against that version,
   * then upcasts it one version at a time to the latest, validating every step's output.
   */
  decode<TData = unknown>(name: string, version: number, data: unknown): DecodedEvent<TData> {
    let entry = this.eventEntry(name, version);
    let current = this.check(entry.validateData, entry.contract.type, 'data', data);
    for (let next = version + 1; next <= this.latestVersion(name); next++) {
      entry = this.eventEntry(name, next);
      const upcaster = entry.contract.upcastFrom;
      if (!upcaster)
        throw new UnknownContractError(entry.contract.type, `no upcaster from version ${next - 1}`);
      const hint = `The upcaster of ${entry.contract.type} returned data its own schema refuses: fix its upcastFrom.`;
      current = this.check(entry.validateData, entry.contract.type, 'data', upcaster.upcast(current), hint);
    }
    return { contract: entry.contract as EventContract<TData>, data: current as TData };
  }

  private compile(contract: AnyContract): Entry {
    const compileSchema = (schema: ContractSchema, part: ContractPart): ValidateFunction => {
      try {
        return this.ajv.compile(schema);
      } catch (error) {
        // ajv keeps a schema before checking it: forgotten, it would compile the next time it is asked.
        this.ajv.removeSchema(schema);
        throw new InvalidContractError(contract.type, [`${part} schema does not compile: ${String(error)}`]);
      }
    };
    return contract.kind === 'event'
      ? { contract, validateData: compileSchema(contract.schema, 'data') }
      : {
          contract,
          validateRequest: compileSchema(contract.requestSchema, 'request'),
          validateReply: compileSchema(contract.replySchema, 'reply'),
        };
  }

  private check<T>(
    validate: ValidateFunction,
    type: string,
    part: ContractPart,
    value: unknown,
    hint?: string,
  ): T {
    if (validate(value)) return value as T;
    const errors = validate.errors ?? [];
    throw new ContractViolationError(
      type,
      part,
      errors,
      this.ajv.errorsText(errors, { dataVar: part }),
      hint,
    );
  }

  private latestVersion(name: string): number {
    const versions = this.entriesByName.get(name);
    if (!versions) throw new UnknownContractError(name);
    return Math.max(...versions.keys());
  }

  private entry(name: string, version: number): Entry {
    const entry = this.entriesByName.get(name)?.get(version);
    if (!entry) throw new UnknownContractError(`${name} v${version}`);
    return entry;
  }

  private eventEntry(name: string, version: number): EventEntry {
    const entry = this.entry(name, version);
    if (!isEventEntry(entry))
      throw new UnknownContractError(`${name} v${version}`, 'it is a command, not an event');
    return entry;
  }

  private commandEntry(name: string, version: number): CommandEntry {
    const entry = this.entry(name, version);
    if (isEventEntry(entry))
      throw new UnknownContractError(`${name} v${version}`, 'it is an event, not a command');
    return entry;
  }
}

function isEventEntry(entry: Entry): entry is EventEntry {
  return entry.contract.kind === 'event';
}

// Strict mode turns schema mistakes (unknown keywords, required properties never declared) into
// errors at registration; allErrors reports every failing path at once.
function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

const sharedAjv = createAjv();
