import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';

const requestWith = (headers: Record<string, string>) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers }) }) }) as unknown as ExecutionContext;

describe('AdminTokenGuard', () => {
  it('lets the operator token through', () => {
    expect(new AdminTokenGuard('operator-token').canActivate(requestWith({ 'x-admin-token': 'operator-token' }))).toBe(true);
  });

  it.each<Record<string, string>>([{}, { 'x-admin-token': 'guess' }])('refuses %p', (headers) => {
    expect(() => new AdminTokenGuard('operator-token').canActivate(requestWith(headers))).toThrow(ForbiddenException);
  });

  it('refuses everybody when no token is configured', () => {
    expect(() => new AdminTokenGuard(undefined).canActivate(requestWith({ 'x-admin-token': '' }))).toThrow('MYPAGE_ADMIN_TOKEN');
  });
});
