import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Role, roles } from './caller';

export class LoginRequest {
  @ApiProperty({ example: 'alice' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'alice-demo', description: 'In demo mode the seeded users have `<name>-demo` unless the environment sets another.' })
  @IsString() @IsNotEmpty() @MaxLength(256)
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from the last login or refresh; each one works once.' })
  @IsString() @IsNotEmpty() @MaxLength(4096)
  refreshToken: string;
}

export class TokenPairView {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <accessToken>".' }) accessToken: string;
  @ApiProperty({ description: 'Exchange at POST /auth/refresh for a new pair before the session ends.' }) refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds the access token is valid for.' }) expiresIn: number;
  @ApiProperty({ enum: roles }) role: Role;
}
