import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { Observable, throwError } from 'rxjs';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { problemFor } from './problem-mapping';

/** Every HTTP error, from a route, a guard, a pipe or Fastify itself, leaves as application/problem+json. */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Kafka handlers share the app's filters; their errors must reach the consumer so the offset stays uncommitted.
    if (host.getType() !== 'http') return throwError(() => exception);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const instance = (request.url ?? '').split('?')[0];
    const { problem, headers, unexpected } = problemFor(exception, instance);
    if (unexpected) this.logger.error({ err: exception, msg: `${request.method} ${instance} failed` });
    if (reply.sent) return;
    reply.status(problem.status).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
