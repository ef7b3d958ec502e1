import { applyDecorators, Catch, Controller, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a failed handler's error to the transport as it was thrown, so that the retry it logs
 * names the cause. Nest's default filter puts an "Internal server error" in its place.
 */
@Catch()
class FailedHandlerFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * A controller of @EventPattern handlers. The event consumers do not inherit the HTTP app's
 * global pipes and filter (connectEventConsumer), so the filter they need comes with this.
 */
export const MessageController = (): ClassDecorator => applyDecorators(Controller(), UseFilters(FailedHandlerFilter));
