import { loadMypageConfig } from './mypage.config';

describe('loadMypageConfig', () => {
  it('defaults to port 8083 on 127.0.0.1 with a SQLite file and admin endpoints off', () => {
    expect(loadMypageConfig({})).toMatchObject({
      port: 8083, host: '127.0.0.1', databaseUrl: 'sqlite:data/mypage.sqlite', adminToken: undefined, logLevel: 'log',
    });
  });

  it('reads the MYPAGE_ settings', () => {
    const config = loadMypageConfig({
      MYPAGE_PORT: '9083', MYPAGE_HOST: '0.0.0.0', MYPAGE_DB_URL: 'mysql://root@127.0.0.1:3306/movie_mypage', MYPAGE_ADMIN_TOKEN: 's3cret',
    });
    expect(config).toMatchObject({ port: 9083, host: '0.0.0.0', databaseUrl: 'mysql://root@127.0.0.1:3306/movie_mypage', adminToken: 's3cret' });
  });

  it('names every wrong setting at once', () => {
    expect(() => loadMypageConfig({ MYPAGE_PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/MYPAGE_PORT[\s\S]*LOG_LEVEL/);
  });
});
