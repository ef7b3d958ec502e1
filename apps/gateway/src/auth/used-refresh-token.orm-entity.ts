import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A refresh token that was exchanged; its id as the key makes a second exchange impossible. */
@Entity('used_refresh_token')
export class UsedRefreshTokenOrm {
  /** The token's `jti`. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tokenId: string;

  /** When the token itself expires: from then on it is refused anyway, so the row may go. */
  @Index('ix_used_refresh_token_expires')
  @Column({ type: 'varchar', length: 30 })
  expiresAt: string;
}
