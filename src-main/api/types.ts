import type { OpName, OpOutput, OpParsedInput, OpProgress } from '../../src-shared/api';
import type { AppContext } from '../context';

export interface CallContext<K extends OpName> {
  app: AppContext;
  signal: AbortSignal;
  progress: (event: OpProgress<K>) => void;
}

export type Handler<K extends OpName> = (input: OpParsedInput<K>, ctx: CallContext<K>) => Promise<OpOutput<K>> | OpOutput<K>;
export type Handlers<K extends OpName = OpName> = { [P in K]: Handler<P> };
