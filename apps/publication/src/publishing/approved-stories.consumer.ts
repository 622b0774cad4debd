import { CloudEvent, ReviewApproved } from '@newsroom/contracts';
import { Inbox, KafkaEventContext, OnEvent } from '@newsroom/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApprovedStory, PublishApproved } from './publish-approved/publish-approved';

@Controller()
export class ApprovedStoriesConsumer {
  constructor(
    private readonly inbox: Inbox,
    private readonly publishApproved: PublishApproved,
  ) {}

  @OnEvent(ReviewApproved)
  publish(@Payload() event: CloudEvent<ApprovedStory>, @Ctx() context: KafkaEventContext) {
    return this.inbox.receive(event, context, (tx) => this.publishApproved.execute(event.data, tx.manager));
  }
}
