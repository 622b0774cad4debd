import { Module } from '@nestjs/common';
import { DraftQueries } from './draft-queries';
import { DraftsController } from './drafts.controller';
import { ImportPage } from './import/import-page';
import { ReviseDraft } from './revise/revise-draft';
import { SendDraft } from './send/send-draft';
import { SubmitDraft } from './submit/submit-draft';
import { WithdrawDraft } from './withdraw/withdraw-draft';

/** Journalists' drafts over HTTP: submit (or save, then submit), import from a web page, revise, withdraw, read. */
@Module({
  controllers: [DraftsController],
  providers: [SubmitDraft, SendDraft, ImportPage, ReviseDraft, WithdrawDraft, DraftQueries],
  exports: [SubmitDraft],
})
export class DraftsModule {}
