"""The restoration model cache: stale models of other versions are removed when a new one is built."""


def test_building_a_model_drops_stale_models_of_other_versions(tmp_path, monkeypatch):
    import os
    import time

    from normalize.restore import model as model_mod

    monkeypatch.setenv("KEHOACH_CACHE", str(tmp_path))
    old = time.time() - 2 * model_mod.STALE_AFTER_S
    names = ["restore-aaaaaaaaaaaa.pkl", "restore-bbbbbbbbbbbb.pkl", "restore-cccccccccccc.pkl",
             "restore-dddddddddddd.pkl"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    for name in names[:3]:
        os.utime(tmp_path / name, (old, old))
    (tmp_path / "restore-user.txt").write_text(str(tmp_path / names[1]))
    model_mod._drop_stale_models(tmp_path / names[0])
    left = sorted(p.name for p in tmp_path.glob("restore-*.pkl"))
    # kept: the new model, the user's model, one written a moment ago; dropped: the stale one
    assert left == [names[0], names[1], names[3]]
