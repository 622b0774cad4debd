import { Module } from '@nestjs/common';
import { DraftsModule } from '../drafts/drafts.module';
import { WirePush } from './wire-feeds';
import { WireImport } from './wire-import';
import { WireMetrics } from './wire-metrics';
import { WirePoller } from './wire-poller';
import { WireItems } from './wire-items';
import { WireSources } from './wire-sources';
import { WiresController } from './wires.controller';

/** Wire sources: set up by admins, polled by ingestion or pushed to by the wires; each item one draft. */
@Module({
  imports: [DraftsModule],
  controllers: [WiresController],
  providers: [WireSources, WireItems, WireImport, WirePush, WirePoller, WireMetrics],
})
export class WiresModule {}
