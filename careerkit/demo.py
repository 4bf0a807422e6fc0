def generate(clients, seed=0): raise NotImplementedError
