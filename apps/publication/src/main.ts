import { runService } from '@newsroom/platform';
import { publicationService } from './publication.service';

void runService(publicationService);
