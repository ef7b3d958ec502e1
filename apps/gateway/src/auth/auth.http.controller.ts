import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { LoginRequest, RefreshRequest, TokenPairView } from './auth.requests';
import { TokenIssuer, TokenRefused } from './token-issuer';
import { UserStore } from './user-store';

@ApiTags('auth')
@Controller('auth')
export class AuthHttpController {
  constructor(
    private readonly users: UserStore,
    private readonly tokens: TokenIssuer,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: an access token (15 minutes by default) and a refresh token' })
  @ApiOkResponse({ type: TokenPairView })
  @ApiBadRequestResponse({ description: 'username or password missing or too long (VALIDATION_FAILED).' })
  @ApiUnauthorizedResponse({ description: 'Unknown user or wrong password (INVALID_CREDENTIALS); the answer does not say which.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client (RATE_LIMITED); Retry-After says when to try again.' })
  async login(@Body() request: LoginRequest): Promise<TokenPairView> {
    const user = await this.users.authenticate(request.username, request.password);
    if (!user) throw new UnauthorizedException({ message: 'wrong username or password', code: 'INVALID_CREDENTIALS' });
    return this.tokens.issue(user);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old refresh token stops working' })
  @ApiOkResponse({ type: TokenPairView })
  @ApiBadRequestResponse({ description: 'refreshToken missing (VALIDATION_FAILED).' })
  @ApiUnauthorizedResponse({ description: 'The refresh token is expired (TOKEN_EXPIRED), altered, used before, not one, or its user can no longer log in (INVALID_TOKEN).' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client, counted with logins (RATE_LIMITED); Retry-After says when to try again.' })
  async refresh(@Body() request: RefreshRequest): Promise<TokenPairView> {
    try {
      return await this.tokens.refresh(request.refreshToken, this.users);
    } catch (error) {
      if (error instanceof TokenRefused) throw new UnauthorizedException({ message: error.message, code: error.code });
      throw error;
    }
  }
}
