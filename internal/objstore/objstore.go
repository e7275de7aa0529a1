// Package objstore opens the S3 (MinIO) client shared by the features that
// keep files: course covers, documents, media.
package objstore

import (
	"context"
	"fmt"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Config says where the object store is.
type Config struct {
	Endpoint, AccessKey, SecretKey, Bucket string
	TLS                                    bool
}

// Store is a client bound to the platform's bucket.
type Store struct {
	Client *minio.Client
	Bucket string
}

// Open connects and makes sure the bucket exists.
func Open(ctx context.Context, c Config) (*Store, error) {
	cl, err := minio.New(c.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""),
		Secure: c.TLS,
	})
	if err != nil {
		return nil, fmt.Errorf("LMS_S3_ENDPOINT %q is not usable: %v", c.Endpoint, err)
	}
	s := &Store{Client: cl, Bucket: c.Bucket}
	ok, err := cl.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the object store at %s: %v", c.Endpoint, err)
	}
	if !ok {
		if err := cl.MakeBucket(ctx, c.Bucket, minio.MakeBucketOptions{}); err != nil {
			return nil, fmt.Errorf("cannot create bucket %q: %v", c.Bucket, err)
		}
	}
	return s, nil
}

// Ping reports whether the store answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.Client.BucketExists(ctx, s.Bucket)
	return err
}
