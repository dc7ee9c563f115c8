// The part of the test account a data-exposure playbook (S3, RDS) looks at: a public database instance and a
// private one in a cluster, their snapshots (one shared with everyone), and buckets with and without the settings
// that keep them private. Wire shape, as the services send it.
import type { InventorySeed } from '../../emulator';

export const REGION = 'eu-west-1';
export const PUBLIC_DB = 'orders-db';
export const CLUSTER_DB = 'reports-db-1';
export const SHARED_SNAPSHOT = 'orders-db-2026-11-30';

export const RDS_SEED: InventorySeed = {
  region: REGION,
  rds: {
    instances: [
      {
        DBInstanceIdentifier: PUBLIC_DB,
        DBInstanceClass: 'db.t3.medium',
        Engine: 'postgres',
        EngineVersion: '16.4',
        DBInstanceStatus: 'available',
        MasterUsername: 'orders_admin',
        Endpoint: { Address: 'orders-db.abc123.eu-west-1.rds.amazonaws.com', Port: 5432 },
        AllocatedStorage: 100,
        InstanceCreateTime: '2025-02-01T10:00:00Z',
        BackupRetentionPeriod: 7,
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0db0db0db0db0db00', Status: 'active' }],
        DBSubnetGroup: { DBSubnetGroupName: 'default', VpcId: 'vpc-0abc0abc0abc0abc0' },
        PubliclyAccessible: true,
        StorageEncrypted: false,
        DBInstanceArn: `arn:aws:rds:${REGION}:111122223333:db:${PUBLIC_DB}`,
        IAMDatabaseAuthenticationEnabled: false,
        DeletionProtection: false,
      },
      {
        DBInstanceIdentifier: CLUSTER_DB,
        DBInstanceClass: 'db.r6g.large',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        DBInstanceStatus: 'available',
        Endpoint: { Address: 'reports-db-1.abc123.eu-west-1.rds.amazonaws.com', Port: 3306 },
        InstanceCreateTime: '2025-03-01T10:00:00Z',
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0aaa0aaa0aaa0aaa0', Status: 'active' }],
        PubliclyAccessible: false,
        StorageEncrypted: true,
        KmsKeyId: `arn:aws:kms:${REGION}:111122223333:key/1111aaaa-22bb-33cc-44dd-5555eeee6666`,
        DBClusterIdentifier: 'reports',
        DBInstanceArn: `arn:aws:rds:${REGION}:111122223333:db:${CLUSTER_DB}`,
        DeletionProtection: true,
      },
    ],
    clusters: [
      {
        DBClusterIdentifier: 'reports',
        Status: 'available',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        Endpoint: 'reports.cluster-abc123.eu-west-1.rds.amazonaws.com',
        ReaderEndpoint: 'reports.cluster-ro-abc123.eu-west-1.rds.amazonaws.com',
        Port: 3306,
        DBClusterMembers: [{ DBInstanceIdentifier: CLUSTER_DB, IsClusterWriter: true }],
        VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0aaa0aaa0aaa0aaa0', Status: 'active' }],
        StorageEncrypted: true,
        IAMDatabaseAuthenticationEnabled: true,
        DeletionProtection: true,
        DBClusterArn: `arn:aws:rds:${REGION}:111122223333:cluster:reports`,
      },
    ],
    snapshots: [
      {
        DBSnapshotIdentifier: SHARED_SNAPSHOT,
        DBInstanceIdentifier: PUBLIC_DB,
        SnapshotType: 'manual',
        Status: 'available',
        SnapshotCreateTime: '2026-11-30T02:00:00Z',
        Engine: 'postgres',
        AllocatedStorage: 100,
        Encrypted: false,
        DBSnapshotArn: `arn:aws:rds:${REGION}:111122223333:snapshot:${SHARED_SNAPSHOT}`,
        attributes: { restore: ['all', '444455556666'] },
      },
    ],
  },
};

export const OPEN_BUCKET = 'orders-exports';
export const CLOSED_BUCKET = 'orders-audit-logs';
export const PUBLIC_READ_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${OPEN_BUCKET}/*`,
    },
    {
      Sid: 'PartnerList',
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::444455556666:root'] },
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: `arn:aws:s3:::${OPEN_BUCKET}`,
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    },
    {
      Sid: 'OnlyOwnerDeletes',
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:DeleteObject',
      Resource: `arn:aws:s3:::${OPEN_BUCKET}/*`,
    },
  ],
};

/** One bucket open to anyone (policy and ACL, no public access block), one locked down and logged. */
export const S3_SEED: InventorySeed = {
  s3: [
    {
      Name: OPEN_BUCKET,
      CreationDate: '2025-05-01T09:00:00.000Z',
      region: REGION,
      policy: PUBLIC_READ_POLICY,
      grants: [
        { type: 'CanonicalUser', id: 'owner-canonical-id', permission: 'FULL_CONTROL' },
        { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
      ],
    },
    {
      Name: CLOSED_BUCKET,
      CreationDate: '2024-01-10T12:00:00.000Z',
      region: 'us-east-1',
      publicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
      versioning: { Status: 'Enabled', MfaDelete: 'Disabled' },
      logging: { TargetBucket: 'central-access-logs', TargetPrefix: 'orders-audit-logs/' },
      encryption: [
        {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/abcd',
          BucketKeyEnabled: true,
        },
      ],
      objectLock: { ObjectLockEnabled: 'Enabled', Mode: 'GOVERNANCE', Days: 30 },
    },
  ],
};
