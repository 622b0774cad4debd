import { CloudEvent, DraftRevised, DraftSubmitted, DraftWithdrawn, EventData } from '@newsroom/contracts';
import { Inbox, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { IntakeRevision } from './intake/intake-revision';
import { IntakeWithdrawal } from './intake/intake-withdrawal';

/** The journalists' drafts on newsroom.drafts.v1; the inbox applies each ce_id once. */
@Controller()
export class DraftEventsConsumer {
  constructor(
    private readonly inbox: Inbox,
    private readonly intakeRevision: IntakeRevision,
    private readonly intakeWithdrawal: IntakeWithdrawal,
  ) {}

  @OnEvent(DraftSubmitted)
  async draftSubmitted(@Payload() event: CloudEvent<EventData<typeof DraftSubmitted>>, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.inbox.receive(event, ctx, ({ manager }) => this.intakeRevision.execute(manager, event.data));
  }

  @OnEvent(DraftRevised)
  async draftRevised(@Payload() event: CloudEvent<EventData<typeof DraftRevised>>, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.inbox.receive(event, ctx, ({ manager }) => this.intakeRevision.execute(manager, event.data));
  }

  @OnEvent(DraftWithdrawn)
  async draftWithdrawn(@Payload() event: CloudEvent<EventData<typeof DraftWithdrawn>>, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.inbox.receive(event, ctx, ({ manager }) => this.intakeWithdrawal.execute(manager, event.data));
  }
}
