import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSubscriptions } from './webhook-subscriptions';
import { WebhooksController } from './webhooks.controller';

/** Webhooks for consumers without Kafka: subscriptions (admins'), and their durable, signed, ordered deliveries. */
@Module({ controllers: [WebhooksController], providers: [WebhookSubscriptions, WebhookDispatcher] })
export class WebhooksModule {}
