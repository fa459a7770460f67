"""The gateway: the only HTTP edge of Bir Tereze.

It owns staff accounts, API tokens and web sessions; everything else it asks the gRPC services for.
Layers: `views/` translate HTTP to plain values and back, `operations` turns them into protobuf calls
through `clients`, `access` decides who may see what, `store` is the only module that knows SQL.
"""
