package app_test

import "github.com/kmn-niedersachsen/kmn/internal/auth"

func authActor() auth.Actor { return auth.Actor{Email: "test"} }
