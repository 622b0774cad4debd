import { Answers, CurrentUser, Principal, Refuses, Roles } from '@newsroom/platform';
import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DeliveryLogDocument, NewWebhookDocument, WebhookDocument, WebhookListDocument } from './webhook-documents';
import { DeliveryView, NewWebhook, WebhookIdParam, WebhookSubscriptions, WebhookView } from './webhook-subscriptions';

/** Admins' webhook subscriptions: article events POSTed to a receiver, signed per Standard Webhooks. */
@Controller('v1/webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly subscriptions: WebhookSubscriptions) {}

  @Post()
  @HttpCode(201)
  @Answers(201, NewWebhookDocument, {
    description: 'The new subscription, with its signing secret',
    headers: { Location: 'the subscription' },
  })
  async create(
    @CurrentUser() admin: Principal,
    @Body({ schema: NewWebhook }) input: NewWebhook,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookView & { secret: string }> {
    const created = await this.subscriptions.create(input, admin.id);
    reply.header('Location', `/v1/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @Answers(200, WebhookListDocument, { description: 'Every subscription, oldest first' })
  async list(): Promise<{ items: WebhookView[] }> {
    return { items: await this.subscriptions.list() };
  }

  @Get(':id')
  @Answers(200, WebhookDocument, { description: 'The subscription and whether it is enabled' })
  @Refuses(404)
  read(@WebhookIdParam() id: string): Promise<WebhookView> {
    return this.subscriptions.read(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Answers(204, null, { description: 'Removed, with its pending deliveries and its log' })
  @Refuses(404)
  async remove(@WebhookIdParam() id: string): Promise<void> {
    await this.subscriptions.remove(id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Answers(200, WebhookDocument, { description: 'Enabled again: what waited is sent, in order' })
  @Refuses(404)
  enable(@WebhookIdParam() id: string): Promise<WebhookView> {
    return this.subscriptions.enable(id);
  }

  @Get(':id/deliveries')
  @Answers(200, DeliveryLogDocument, { description: 'The latest 100 deliveries, newest first' })
  @Refuses(404)
  async deliveries(@WebhookIdParam() id: string): Promise<{ items: DeliveryView[] }> {
    return { items: await this.subscriptions.deliveries(id) };
  }
}
