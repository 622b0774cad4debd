import { CloudEvent, EventContract } from '@newsroom/contracts';
import { EventPattern } from '@nestjs/microservices';
import { KafkaEventContext } from './kafka-event.server';

type EventHandlerDecorator<T> = <M extends (event: CloudEvent<T>, context: KafkaEventContext) => unknown>(
  target: object,
  method: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/** Routes events of one contract's CloudEvents type to the handler, which the contract types. */
export function OnEvent<T>(contract: EventContract<T>): EventHandlerDecorator<T> {
  return EventPattern<string>(contract.type);
}
