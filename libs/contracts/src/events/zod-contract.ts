import { z } from 'zod';
import { dataschemaOf, EventContract, InvalidPayloadError, registerContract } from './event-contract';

/** An event contract whose schema is a zod object: the TypeScript type and the runtime check come from it. */
export function zodContract<S extends z.ZodTypeAny>(type: string, topic: string, schema: S): EventContract<z.output<S>> {
  return registerContract({
    type,
    topic,
    // What a consumer receives: the data as it leaves the producer, after its schema has parsed it.
    schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }),
    dataschema: dataschemaOf(type),
    parse(data: unknown) {
      const result = schema.safeParse(data);
      if (result.success) return result.data;
      throw new InvalidPayloadError(
        type,
        result.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`),
      );
    },
  });
}
