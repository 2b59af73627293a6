import hashlib
import os
import pickle
import subprocess

import requests
import yaml

DB_PASSWORD = "hunter2!x"
DB_USER = os.environ["DB_USER"]
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"


def load(stream):
    return yaml.load(stream)


def load_safely(stream):
    return yaml.safe_load(stream)


def fetch(url):
    return requests.get(url, verify=False)


def fetch_safely(url):
    return requests.get(url, timeout=5)


def user(cursor, uid):
    cursor.execute(f"SELECT * FROM users WHERE id = {uid}")
    cursor.execute("SELECT * FROM users WHERE id = %s", (uid,))


def restore(blob):
    return pickle.loads(blob)


def convert(name):
    os.system(f"convert {name} out.png")
    subprocess.run(["convert", name, "out.png"], check=True)


def remember(item, seen=[]):
    seen.append(item)
    return seen


def check(status, items):
    assert (len(items) > 0, "items must not be empty")
    if status is "done":
        return True
    try:
        return hashlib.md5(status.encode(), usedforsecurity=False).hexdigest()
    except:
        return None


def read_config(path):
    return open(path).read()


def hash_password(password):
    return hashlib.sha1(password.encode()).hexdigest()
