package main

import (
	"crypto/md5"
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
)

const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"

func process(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
	}
	return nil
}

func count(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func list(dir string) ([]byte, error) {
	return exec.Command("sh", "-c", "ls "+dir).Output()
}

func client() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
}

func fetch(url string) (*http.Response, error) {
	return http.Get(url)
}

func sum(data []byte) string {
	return fmt.Sprintf("%x", md5.Sum(data))
}

func missing(err error) bool {
	return err.Error() == "not found"
}
