package app_test

import "github.com/kmn-niedersachsen/kmn/internal/auth"

func authActor() auth.Principal { return auth.SystemPrincipal("test") }
